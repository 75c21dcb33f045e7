import LexeconShell
import Testing

/// Flag normalisation, option values and positionals.
@Suite struct FlagTests {
    @Test(arguments: ["rm -rf x", "rm -fr x", "rm -r -f x", "rm -R -f x", "rm --recursive --force x", "rm -f --recursive x", "rm x -rf", "rm -rf -- x"])
    func equivalentSpellings(script: String) throws {
        let c = try #require(single(script))
        #expect(c.flags == ["-r", "-f"], "\(script)")
        #expect(texts(c.positionals) == ["x"], "\(script)")
    }

    @Test func doubleDashEndsOptions() throws {
        let c = try #require(single("rm -- -rf x"))
        #expect(c.flags.isEmpty)
        #expect(texts(c.positionals) == ["-rf", "x"])
        #expect(texts(c.arguments) == ["--", "-rf", "x"])
    }

    @Test func noPreserveRootIsKept() throws {
        let c = try #require(single("rm -rf --no-preserve-root /"))
        #expect(c.flags == ["-r", "-f", "--no-preserve-root"])
    }

    @Test func unknownProgramsSplitGenerically() throws {
        let c = try #require(single("frob -abc --name=value --flag file -- -x"))
        #expect(c.flags == ["-a", "-b", "-c", "--name", "--flag"])
        #expect(c.optionValues == ["--name": ["value"]])
        #expect(texts(c.positionals) == ["file", "-x"])
    }

    @Test func valueOptions() throws {
        let head = try #require(single("head -n5 f"))
        #expect(head.flags == ["-n"] && head.optionValues == ["-n": ["5"]] && texts(head.positionals) == ["f"])
        let curl = try #require(single("curl -sSLo out.txt https://x"))
        #expect(curl.flags == ["-s", "-S", "-L", "-o"])
        #expect(curl.optionValues["-o"] == ["out.txt"])
        #expect(texts(curl.positionals) == ["https://x"])
        let long = try #require(single("curl --output out.txt --request=POST https://x"))
        #expect(long.flags == ["-o", "-X"])
        #expect(long.optionValues == ["-o": ["out.txt"], "-X": ["POST"]])
    }

    @Test func gitGlobalAndSubcommandOptions() throws {
        let c = try #require(single("git -C repo push -f origin main"))
        #expect(texts(c.positionals) == ["push", "origin", "main"])
        #expect(c.flags == ["-C", "-f"])
        #expect(c.optionValues["-C"] == ["repo"])
        let commit = try #require(single("git commit -am 'rm -rf /' --no-verify"))
        #expect(commit.flags == ["-a", "-m", "--no-verify"])
        #expect(commit.optionValues["-m"] == ["rm -rf /"])
        #expect(texts(commit.positionals) == ["commit"])
        let push = try #require(single("git push --delete origin feature --force-with-lease=main:abc"))
        #expect(push.flags == ["-d", "--force-with-lease"])
        #expect(texts(push.positionals) == ["push", "origin", "feature"])
        let clean = try #require(single("git clean -fdx"))
        #expect(clean.flags == ["-f", "-d", "-x"])
        let reset = try #require(single("git reset --hard HEAD~3"))
        #expect(reset.flags == ["--hard"] && texts(reset.positionals) == ["reset", "HEAD~3"])
        let mirror = try #require(single("git push --mirror --force backup"))
        #expect(mirror.flags == ["--mirror", "-f"])
    }

    @Test func cloudAndClusterTools() throws {
        let kubectl = try #require(single("kubectl -n x delete ns foo"))
        #expect(texts(kubectl.positionals) == ["delete", "ns", "foo"])
        #expect(kubectl.optionValues["-n"] == ["x"])
        let kubectlLong = try #require(single("kubectl delete pods --all --namespace=prod --grace-period=0 --force"))
        #expect(kubectlLong.flags == ["--all", "-n", "--grace-period", "--force"])
        #expect(texts(kubectlLong.positionals) == ["delete", "pods"])
        let aws = try #require(single("aws --region r s3 rb s3://b --force"))
        #expect(texts(aws.positionals) == ["s3", "rb", "s3://b"])
        #expect(aws.flags == ["--region", "--force"])
        #expect(aws.optionValues["--region"] == ["r"])
        let ec2 = try #require(single("aws ec2 terminate-instances --instance-ids i-123 --profile prod"))
        #expect(texts(ec2.positionals) == ["ec2", "terminate-instances"])
        #expect(ec2.optionValues["--instance-ids"] == ["i-123"])
        let docker = try #require(single("docker system prune -af --volumes"))
        #expect(texts(docker.positionals) == ["system", "prune"])
        #expect(docker.flags == ["-a", "-f", "--volumes"])
        let terraform = try #require(single("terraform -chdir=infra destroy -auto-approve -var 'x=1'"))
        #expect(texts(terraform.positionals) == ["destroy", "x=1"])
        #expect(terraform.flags == ["-chdir", "-auto-approve", "-var"])
        #expect(terraform.optionValues["-chdir"] == ["infra"])
        let gcloud = try #require(single("gcloud compute instances delete vm1 --zone us-east1-b --quiet"))
        #expect(texts(gcloud.positionals) == ["compute", "instances", "delete", "vm1"])
        #expect(gcloud.flags == ["--zone", "-q"])
        let az = try #require(single("az group delete -n rg1 --yes --no-wait"))
        #expect(texts(az.positionals) == ["group", "delete"])
        #expect(az.flags == ["-n", "-y", "--no-wait"])
        let helm = try #require(single("helm uninstall app -n prod"))
        #expect(texts(helm.positionals) == ["uninstall", "app"])
    }

    @Test func findUsesSingleDashLongOptions() throws {
        let c = try #require(single("find . -name '*.o' -type f -delete -maxdepth 2"))
        #expect(c.flags == ["-name", "-type", "-delete", "-maxdepth"])
        #expect(c.optionValues == ["-name": ["*.o"], "-type": ["f"], "-maxdepth": ["2"]])
        #expect(texts(c.positionals) == ["."])
    }

    @Test func javaJar() throws {
        let c = try #require(single("java -jar app.jar -Xmx1g"))
        #expect(c.flags.contains("-jar"))
        #expect(c.optionValues["-jar"] == ["app.jar"])
    }

    @Test func ddOperandsAreNotFlags() throws {
        let c = try #require(single("dd if=a.img of=/dev/sdb bs=4M status=progress"))
        #expect(c.flags.isEmpty)
        #expect(texts(c.positionals) == ["if=a.img", "of=/dev/sdb", "bs=4M", "status=progress"])
        #expect(c.positionals[0].path?.absolute == "/ws/app/a.img")
        #expect(c.positionals[1].path?.absolute == "/dev/sdb")
        #expect(c.positionals[2].path == nil)
    }

    @Test func tarOldStyle() throws {
        let c = try #require(single("tar xzf archive.tgz"))
        #expect(c.flags == ["-x", "-z", "-f"])
        #expect(c.optionValues["-f"] == ["archive.tgz"])
        let d = try #require(single("tar --create --file=out.tar src"))
        #expect(d.flags == ["-c", "-f"])
        #expect(texts(d.positionals) == ["src"])
    }

    @Test func chmodModesAreOperands() throws {
        let c = try #require(single("chmod -x script.sh"))
        #expect(c.flags.isEmpty)
        #expect(texts(c.positionals) == ["-x", "script.sh"])
        let r = try #require(single("chmod -R 777 /"))
        #expect(r.flags == ["-R"])
        #expect(texts(r.positionals) == ["777", "/"])
        let long = try #require(single("chown --recursive root:root /etc"))
        #expect(long.flags == ["-R"])
    }

    @Test func sedInPlace() throws {
        let c = try #require(single("sed -i.bak -e 's/a/b/' f"))
        #expect(c.flags == ["-i", "-e"])
        #expect(c.optionValues["-i"] == [".bak"])
        #expect(c.optionValues["-e"] == ["s/a/b/"])
        #expect(texts(c.positionals) == ["f"])
        let plain = try #require(single("sed -i 's/a/b/' f"))
        #expect(texts(plain.positionals) == ["s/a/b/", "f"])
        #expect(plain.positionals[0].path == nil)
    }

    @Test func dynamicWordsAreNeverFlags() throws {
        let c = try #require(single("rm $OPTS x"))
        #expect(c.flags.isEmpty)
        #expect(texts(c.positionals) == ["$OPTS", "x"])
    }

    @Test func databaseClients() throws {
        let psql = try #require(single("psql -h db -U app -c 'DROP TABLE users' prod"))
        #expect(psql.optionValues["-c"] == ["DROP TABLE users"])
        let mysql = try #require(single("mysql -uroot -psecret -e 'DROP DATABASE x'"))
        #expect(mysql.optionValues["-e"] == ["DROP DATABASE x"])
        #expect(mysql.optionValues["-u"] == ["root"])
        let redis = try #require(single("redis-cli -h cache FLUSHALL"))
        #expect(texts(redis.positionals) == ["FLUSHALL"])
    }
}
