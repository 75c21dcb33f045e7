// The policy engine: YAML loading and evaluation over effective commands.
