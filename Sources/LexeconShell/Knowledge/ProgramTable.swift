/// Per-program command-line knowledge. Programs not listed are read generically:
/// combined short flags split, `--name=value` split, every operand resolved as a path.
enum ProgramTable {
    static func spec(for program: String) -> ProgramSpec? { table[program] }

    static let table: [String: ProgramSpec] = {
        var t: [String: ProgramSpec] = [:]

        // MARK: File tools
        t["rm"] = ProgramSpec(
            aliases: "-r -R --recursive | -f --force | -d --dir | -v --verbose | -i --interactive",
            attachedOnly: "--interactive")
        t["srm"] = ProgramSpec(aliases: "-r -R --recursive | -f --force")
        t["wipe"] = ProgramSpec(aliases: "-r -R | -f", values: "-l -x -b -p -S")
        t["rmdir"] = ProgramSpec(aliases: "-p --parents | -v --verbose")
        t["unlink"] = ProgramSpec()
        t["shred"] = ProgramSpec(
            aliases: "-u --remove | -f --force | -z --zero | -n --iterations | -s --size | -v --verbose",
            values: "-n -s --random-source", attachedOnly: "--remove")
        let copyLike = ProgramSpec(
            aliases: "-r -R --recursive | -f --force | -a --archive | -t --target-directory | -S --suffix | -v --verbose | -i --interactive | -n --no-clobber | -T --no-target-directory | -p | -u --update | -b",
            values: "-t -S", attachedOnly: "--preserve --backup --reflink --sparse", pathValues: "-t")
        t["cp"] = copyLike
        t["mv"] = copyLike
        t["ln"] = copyLike
        t["install"] = ProgramSpec(
            aliases: "-t --target-directory | -m --mode | -o --owner | -g --group | -d --directory | -S --suffix",
            values: "-t -m -o -g -S", pathValues: "-t")
        t["rsync"] = ProgramSpec(
            aliases: "-e --rsh | -f --filter | -T --temp-dir | -B --block-size | -r --recursive | -a --archive",
            values: "-e --exclude --include --exclude-from --include-from --files-from -f --port -T --backup-dir --log-file --password-file --chmod --chown -B --bwlimit --rsync-path --timeout --max-size --min-size --suffix --partial-dir --compare-dest --link-dest --copy-dest --usermap --groupmap --out-format --max-delete --contimeout")
        t["scp"] = ProgramSpec(values: "-i -P -o -F -c -l -S -J -D -X")
        t["tee"] = ProgramSpec(aliases: "-a --append | -i --ignore-interrupts", attachedOnly: "--output-error")
        t["truncate"] = ProgramSpec(
            aliases: "-s --size | -r --reference | -c --no-create | -o --io-blocks",
            values: "-s -r", pathValues: "-r")
        t["touch"] = ProgramSpec(
            aliases: "-d --date | -r --reference | -t | -c --no-create", values: "-d -r -t",
            attachedOnly: "--time")
        t["mkdir"] = ProgramSpec(aliases: "-p --parents | -m --mode", values: "-m")
        t["sed"] = ProgramSpec(
            aliases: "-i --in-place | -e --expression | -f --file | -n --quiet --silent | -E -r --regexp-extended",
            values: "-e -f -l", attachedOnly: "-i", nonPathOperands: 1, operandProvidingOptions: "-e -f", pathValues: "-f")
        t["perl"] = ProgramSpec(values: "-e -E -I -M -m -x -0 -l -C -d -D", attachedOnly: "-i")
        t["dd"] = ProgramSpec()
        let permissionSpec = ProgramSpec(
            aliases: "-R --recursive | -v --verbose | -c --changes | -f --silent --quiet | -h --no-dereference",
            attachedOnly: "--reference --from", shortLetters: "RcfvhHLP", nonPathOperands: 1,
            operandProvidingOptions: "--reference")
        t["chmod"] = permissionSpec
        t["chown"] = permissionSpec
        t["chgrp"] = permissionSpec
        t["chattr"] = ProgramSpec(aliases: "", values: "-v -p", shortLetters: "RVfvp", nonPathOperands: 1)
        t["setfacl"] = ProgramSpec(
            aliases: "-R --recursive | -m --modify | -x --remove | -M --modify-file | -X --remove-file | -b --remove-all",
            values: "-m -x -M -X --set --set-file")
        t["find"] = ProgramSpec(singleDashLong: true)
        t["tar"] = ProgramSpec(
            aliases: "-c --create | -x --extract --get | -t --list | -r --append | -u --update | -f --file | -C --directory | -z --gzip | -j --bzip2 | -J --xz | -v --verbose | -T --files-from | -X --exclude-from | -p --preserve-permissions",
            values: "-f -C -T -X -b -H -K -N -V -g -I --exclude --owner --group --mode --transform --use-compress-program",
            pathValues: "-f -C -T -X")
        t["zip"] = ProgramSpec(values: "-x -i -b -n -t -tt -P")
        t["unzip"] = ProgramSpec(values: "-d -x -P", pathValues: "-d")

        // MARK: Readers
        let reader = ProgramSpec()
        for name in Self.names("cat less more tac nl base64 xxd od strings hexdump md5sum sha1sum sha256sum sha512sum wc file stat zcat bzcat xzcat cmp diff gpg source . ls du tree") {
            t[name] = reader
        }
        t["head"] = ProgramSpec(aliases: "-n --lines | -c --bytes", values: "-n -c")
        t["tail"] = ProgramSpec(aliases: "-n --lines | -c --bytes | -f --follow", values: "-n -c -s --pid")
        t["sort"] = ProgramSpec(aliases: "-o --output | -k --key | -t --field-separator | -T --temporary-directory",
                                values: "-o -k -t -T -S", pathValues: "-o")
        t["uniq"] = ProgramSpec(values: "-f -s -w")
        t["cut"] = ProgramSpec(values: "-d -f -c -b")
        t["grep"] = ProgramSpec(
            aliases: "-e --regexp | -f --file | -m --max-count | -A --after-context | -B --before-context | -C --context | -r --recursive | -R --dereference-recursive | -i --ignore-case",
            values: "-e -f -m -A -B -C --include --exclude --exclude-dir --label -d -D",
            nonPathOperands: 1, operandProvidingOptions: "-e -f", pathValues: "-f")
        t["egrep"] = t["grep"]
        t["fgrep"] = t["grep"]
        t["rg"] = ProgramSpec(
            aliases: "-e --regexp | -f --file | -g --glob | -t --type | -T --type-not | -m --max-count",
            values: "-e -f -g -t -T -m -A -B -C -j -M --iglob",
            nonPathOperands: 1, operandProvidingOptions: "-e -f")
        t["awk"] = ProgramSpec(values: "-f -v -F", nonPathOperands: 1, operandProvidingOptions: "-f", pathValues: "-f")
        for name in Self.names("gawk mawk nawk") { t[name] = t["awk"] }
        t["jq"] = ProgramSpec(values: "--arg --argjson --slurpfile --rawfile -f --from-file --indent", nonPathOperands: 1)
        t["openssl"] = ProgramSpec(
            values: "-in -out -key -inkey -pass -passin -passout -k -K -iv -md -signature -config -subj -days -newkey -CAfile -CApath -connect -servername -cert",
            singleDashLong: true, nonPathOperands: 1, pathValues: "-in -out -key -inkey -signature -config -cert")

        // MARK: Text-only programs
        let text = ProgramSpec(pathOperands: false)
        for name in Self.names("echo printf true false : sleep kill pkill killall seq yes exit return export unset set shopt local declare typeset readonly alias unalias read wait trap let test [ expr date whoami id hostname uname pwd type which hash") {
            t[name] = text
        }
        t["kill"] = ProgramSpec(values: "-s -n", pathOperands: false)

        // MARK: Network
        t["curl"] = ProgramSpec(
            aliases: "-o --output | -T --upload-file | -d --data --data-ascii | -F --form | -H --header | -X --request | -u --user | -A --user-agent | -e --referer | -b --cookie | -c --cookie-jar | -x --proxy | -K --config | -w --write-out | -m --max-time | -r --range | -E --cert | -D --dump-header | -C --continue-at | -O --remote-name | -L --location | -s --silent | -S --show-error | -f --fail | -k --insecure | -v --verbose | -i --include | -I --head | -y --speed-time | -Y --speed-limit | -z --time-cond | -U --proxy-user | -Q --quote | -t --telnet-option",
            values: "-o -T -d -F -H -X -u -A -e -b -c -x -K -w -m -r -E -D -C -y -Y -z -U -Q -t --data-binary --data-raw --data-urlencode --form-string --url --connect-timeout --retry --retry-delay --retry-max-time --key --cacert --capath --resolve --max-filesize --limit-rate --output-dir --json --proxy-header --interface --local-port",
            pathValues: "-o -T -K -D -c -E --key --cacert --output-dir")
        t["wget"] = ProgramSpec(
            aliases: "-O --output-document | -o --output-file | -a --append-output | -P --directory-prefix | -i --input-file | -U --user-agent | -t --tries | -T --timeout | -e --execute | -q --quiet",
            values: "-O -o -a -P -i -U -t -T -e --header --post-data --post-file --body-file --user --password --method --body-data -l --level -A -R -w --wait",
            pathValues: "-O -o -a -P -i --post-file --body-file")
        t["ssh"] = ProgramSpec(
            values: "-b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w -B -P",
            stopAtFirstOperand: true, pathOperands: false, pathValues: "-i -F")
        t["nc"] = ProgramSpec(values: "-p -s -w -i -q -x -X -e -c -I -O -T -V -W", pathOperands: false)
        t["ncat"] = t["nc"]
        t["netcat"] = t["nc"]
        t["socat"] = ProgramSpec(pathOperands: false)

        // MARK: Version control
        let gitPush = ProgramSpec(
            aliases: "-f --force | -d --delete | -u --set-upstream | -o --push-option | -n --dry-run",
            values: "-o --repo --receive-pack --exec", attachedOnly: "--force-with-lease --force-if-includes --recurse-submodules --signed")
        let gitCommit = ProgramSpec(
            aliases: "-m --message | -F --file | -a --all | -C --reuse-message | -c --reedit-message | -t --template",
            values: "-m -F -C -c -t --author --date --fixup --squash --cleanup --trailer")
        t["git"] = ProgramSpec(
            aliases: "-C | -c | -P --no-pager",
            values: "-C -c --git-dir --work-tree --namespace --config-env --exec-path --super-prefix",
            stopAtFirstOperand: false,
            subcommands: [
                "push": gitPush,
                "commit": gitCommit,
                "reset": ProgramSpec(values: "", attachedOnly: "--recurse-submodules"),
                "clean": ProgramSpec(aliases: "-f --force | -n --dry-run | -e --exclude | -q --quiet | -i --interactive", values: "-e"),
                "checkout": ProgramSpec(aliases: "-f --force", values: "-b -B --orphan"),
                "switch": ProgramSpec(aliases: "-f --force --discard-changes | -c --create | -C --force-create", values: "-c -C --orphan"),
                "branch": ProgramSpec(aliases: "-d --delete | -f --force | -m --move | -u --set-upstream-to", values: "-u"),
                "tag": ProgramSpec(aliases: "-d --delete | -f --force | -m --message | -F --file", values: "-m -F -u"),
                "rebase": ProgramSpec(aliases: "-x --exec | -s --strategy | -X --strategy-option | -i --interactive", values: "-x -s -X --onto"),
                "fetch": ProgramSpec(aliases: "-f --force | -p --prune", values: "--depth --upload-pack"),
                "pull": ProgramSpec(aliases: "-f --force", values: "--depth -s -X --upload-pack"),
                "clone": ProgramSpec(aliases: "-b --branch | -o --origin | -c --config | -u --upload-pack",
                                     values: "-b -o -c -u --depth --reference --template --separate-git-dir -j --filter"),
                "log": ProgramSpec(values: "-n"),
                "rm": ProgramSpec(aliases: "-f --force | -n --dry-run | -q --quiet"),
                "mv": ProgramSpec(aliases: "-f --force"),
                "stash": ProgramSpec(aliases: "-m --message", values: "-m"),
                "filter-branch": ProgramSpec(
                    aliases: "-f --force",
                    values: "--tree-filter --index-filter --msg-filter --env-filter --commit-filter --parent-filter --tag-name-filter --subdirectory-filter -d --original --state-branch"),
                "reflog": ProgramSpec(attachedOnly: "--expire --expire-unreachable"),
                "config": ProgramSpec(aliases: "-f --file", values: "-f --blob --type --default"),
                "update-ref": ProgramSpec(values: "-m"),
                "worktree": ProgramSpec(aliases: "-f --force", values: "-b -B --reason"),
                "remote": ProgramSpec(values: "-t -m"),
                "diff": ProgramSpec(values: "-U"),
                "show": ProgramSpec(values: "-U"),
                "am": ProgramSpec(values: "-p"),
                "apply": ProgramSpec(values: "-p --directory --exclude --include"),
                "restore": ProgramSpec(aliases: "-s --source", values: "-s"),
                "gc": ProgramSpec(attachedOnly: "--prune"),
            ],
            nonPathOperands: 1)

        // MARK: Cloud, containers, infrastructure
        let kubectl = ProgramSpec(
            aliases: "-n --namespace | -f --filename | -l --selector | -o --output | -c --container | -A --all-namespaces | -i --stdin | -t --tty | -R --recursive | -k --kustomize",
            values: "-n -f -l -o -c -k --context --kubeconfig --cluster --user --token --server -s --grace-period --timeout --field-selector --type --image --replicas --as --as-group --request-timeout --cascade --overrides --port -p --template --from-literal --from-file",
            pathOperands: false, pathValues: "-f -k --kubeconfig")
        t["kubectl"] = kubectl
        t["oc"] = kubectl
        t["helm"] = ProgramSpec(
            aliases: "-n --namespace | -f --values",
            values: "-n -f --kube-context --kubeconfig --version --set --set-string --set-file --timeout --repo -o --output",
            pathOperands: false)
        let docker = ProgramSpec(
            aliases: "-e --env | -v --volume | -p --publish | -w --workdir | -u --user | -l --label | -m --memory | -h --hostname | -a --all --attach | -f --force --file --filter | -d --detach | -i --interactive | -t --tty --tag | -q --quiet | -H --host",
            values: "-e -v -p -w -u -l -m -h -H --name --network --net --entrypoint --mount --env-file --add-host --cpus --device --cap-add --cap-drop --security-opt --restart --platform --pull --gpus --ulimit --log-driver --log-opt --dns --ipc --pid --tmpfs --shm-size --stop-signal --runtime --cidfile --group-add --link --expose --volumes-from --context --config --detach-keys --build-arg --target --format --until --since --memory-swap --cpu-shares --label-file --health-cmd --project-name --profile --env-from",
            pathOperands: false)
        t["docker"] = docker
        t["podman"] = docker
        t["docker-compose"] = docker
        t["terraform"] = ProgramSpec(singleDashLong: true, pathOperands: false)
        t["tofu"] = t["terraform"]
        t["aws"] = ProgramSpec(
            longValueByDefault: true,
            booleans: "--force --recursive --dry-run --no-dry-run --debug --no-verify-ssl --no-paginate --no-sign-request --quiet --only-show-errors --no-progress --delete --exact-timestamps --include-deleted --no-cli-pager --force-delete-without-recovery --skip-final-snapshot --bypass-governance-retention --follow-symlinks --no-follow-symlinks --version --help",
            pathOperands: false)
        t["gcloud"] = ProgramSpec(
            aliases: "-q --quiet",
            longValueByDefault: true,
            booleans: "--quiet --async --all --recursive --force --verbosity-debug --no-user-output-enabled --delete-disks-all --keep-disks-all --help --dry-run",
            pathOperands: false)
        t["gsutil"] = ProgramSpec(values: "-o -h -u -p", pathOperands: false)
        t["az"] = ProgramSpec(
            aliases: "-g --resource-group | -n --name | -l --location | -o --output | -y --yes",
            values: "-g -n -l -o",
            longValueByDefault: true,
            booleans: "--yes --no-wait --force --debug --verbose --only-show-errors --all --help --delete-os-disk",
            pathOperands: false)
        t["make"] = ProgramSpec(aliases: "-C --directory | -f --file --makefile | -j --jobs",
                                values: "-C -f -j -l -o -W -I", pathOperands: false)
        t["swift"] = ProgramSpec(aliases: "-c --configuration", values: "-c --scratch-path --package-path --filter --skip --product --target -j",
                                 pathOperands: false)
        t["java"] = ProgramSpec(values: "-jar -cp -classpath --class-path -p --module-path -m --module",
                                singleDashNames: "-jar -cp -classpath -version -verbose -server -client -ea -da")

        // MARK: Interpreters (inline code lands in optionValues, e.g. `-c`)
        let python = ProgramSpec(values: "-c -m -W -X -Q")
        for name in Self.names("python python2 python3 pypy pypy3") { t[name] = python }
        let node = ProgramSpec(aliases: "-e --eval | -p --print | -r --require", values: "-e -p -r")
        for name in Self.names("node nodejs bun") { t[name] = node }
        t["ruby"] = ProgramSpec(values: "-e -I -r")
        t["php"] = ProgramSpec(values: "-r -d -c -f")
        t["lua"] = ProgramSpec(values: "-e -l")
        t["osascript"] = ProgramSpec(values: "-e -l")

        // MARK: Databases (flags only; the policy reads their `-c`/`-e` values)
        t["psql"] = ProgramSpec(
            aliases: "-c --command | -f --file | -d --dbname | -h --host | -U --username | -p --port",
            values: "-c -f -d -h -U -p -v --set -o -P", pathOperands: false, pathValues: "-f -o")
        t["mysql"] = ProgramSpec(
            aliases: "-e --execute | -u --user | -h --host | -D --database | -P --port",
            values: "-e -u -h -D -P -S", attachedOnly: "-p --password", pathOperands: false)
        t["mariadb"] = t["mysql"]
        t["sqlite3"] = ProgramSpec(values: "-cmd -separator -nullvalue", singleDashNames: "-cmd -separator -nullvalue -batch -bail -readonly -header -csv -json -line -list", pathOperands: false)
        t["redis-cli"] = ProgramSpec(values: "-h -p -a -n -u --user --pass", pathOperands: false)
        t["mongo"] = ProgramSpec(values: "--eval --host --port -u -p --username --password --authenticationDatabase", pathOperands: false)
        t["mongosh"] = t["mongo"]

        // MARK: Packages and system administration
        for name in Self.names("apt apt-get yum dnf apk pacman brew snap pip pip3 npm yarn pnpm cargo go systemctl service crontab useradd usermod userdel passwd groupadd groupdel iptables ufw shutdown reboot poweroff halt launchctl mount umount swapoff sysctl modprobe") {
            t[name] = ProgramSpec(pathOperands: false)
        }
        t["systemctl"] = ProgramSpec(aliases: "-H --host | -M --machine | -t --type | -s --signal",
                                     values: "-H -M -t -s --state --root -p --property -n --lines -o --output",
                                     pathOperands: false)
        t["crontab"] = ProgramSpec(values: "-u", pathOperands: true)
        t["npm"] = ProgramSpec(values: "--prefix -w --workspace", pathOperands: false)
        t["pip"] = ProgramSpec(aliases: "-r --requirement | -t --target | -i --index-url",
                               values: "-r -t -i -c --extra-index-url -e", pathOperands: false)
        t["pip3"] = t["pip"]
        for name in Self.names("mkfs mkswap wipefs fdisk sfdisk cfdisk parted sgdisk gdisk blkdiscard hdparm badblocks") {
            t[name] = ProgramSpec(values: "-t -L -o -b -c -l -n")
        }
        return t
    }()

    /// Space-separated program names (plain strings keep optimised builds fast).
    static func names(_ s: String) -> [String] { ProgramSpec.words(s) }
}
