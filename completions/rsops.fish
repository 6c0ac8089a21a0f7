# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_rsops_global_optspecs
    string join \n e/encrypt d/decrypt r/rotate set= add-kms= rm-kms= add-gcp-kms= rm-gcp-kms= add-hckms= rm-hckms= add-azure-kv= rm-azure-kv= add-hc-vault-transit= rm-hc-vault-transit= add-age= rm-age= add-pgp= rm-pgp= i/in-place output= a/age= p/pgp= k/kms= aws-profile= gcp-kms= hckms= azure-kv= hc-vault-transit= encryption-context= shamir-secret-sharing-threshold= input-type= output-type= unencrypted-suffix= encrypted-suffix= unencrypted-regex= encrypted-regex= extract= ignore-mac decryption-order= enable-local-keyservice= keyservice= s/show-master-keys unencrypted-comment-regex= encrypted-comment-regex= mac-only-encrypted indent= filename-override= verbose disable-version-check config= h/help V/version
end

function __fish_rsops_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_rsops_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_rsops_using_subcommand
    set -l cmd (__fish_rsops_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c rsops -n "__fish_rsops_needs_command" -l set -d 'Set one value and write the file: \'<path> <json>\', e.g. \'["db"]["password"] "x"\' (legacy mode)' -r
complete -c rsops -n "__fish_rsops_needs_command" -l add-kms -d 'Add these AWS KMS ARNs to the first key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l rm-kms -d 'Remove these AWS KMS ARNs from every key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l add-gcp-kms -d 'Add these GCP KMS resource IDs to the first key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l rm-gcp-kms -d 'Remove these GCP KMS resource IDs from every key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l add-hckms -d 'Add these HuaweiCloud KMS key IDs (region:key-uuid) to the first key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l rm-hckms -d 'Remove these HuaweiCloud KMS key IDs from every key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l add-azure-kv -d 'Add these Azure Key Vault key URLs to the first key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l rm-azure-kv -d 'Remove these Azure Key Vault key URLs from every key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l add-hc-vault-transit -d 'Add these Vault transit key URIs to the first key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l rm-hc-vault-transit -d 'Remove these Vault transit key URIs from every key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l add-age -d 'Add these age recipients to the first key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l rm-age -d 'Remove these age recipients from every key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l add-pgp -d 'Add these PGP fingerprints to the first key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l rm-pgp -d 'Remove these PGP fingerprints from every key group' -r
complete -c rsops -n "__fish_rsops_needs_command" -l output -d 'Write the result to this file instead of standard output' -r -F
complete -c rsops -n "__fish_rsops_needs_command" -s a -l age -d 'Comma-separated age recipients' -r
complete -c rsops -n "__fish_rsops_needs_command" -s p -l pgp -d 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)' -r
complete -c rsops -n "__fish_rsops_needs_command" -s k -l kms -d 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)' -r
complete -c rsops -n "__fish_rsops_needs_command" -l aws-profile -d 'AWS profile to use for the KMS keys' -r
complete -c rsops -n "__fish_rsops_needs_command" -l gcp-kms -d 'Comma-separated GCP KMS resource IDs' -r
complete -c rsops -n "__fish_rsops_needs_command" -l hckms -d 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)' -r
complete -c rsops -n "__fish_rsops_needs_command" -l azure-kv -d 'Comma-separated Azure Key Vault key URLs' -r
complete -c rsops -n "__fish_rsops_needs_command" -l hc-vault-transit -d 'Comma-separated Vault transit key URIs' -r
complete -c rsops -n "__fish_rsops_needs_command" -l encryption-context -d 'KMS encryption context, as key:value pairs separated by commas' -r
complete -c rsops -n "__fish_rsops_needs_command" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (Shamir threshold)' -r
complete -c rsops -n "__fish_rsops_needs_command" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_needs_command" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_needs_command" -l unencrypted-suffix -d 'Leave values unencrypted when a key of their path ends with this suffix' -r
complete -c rsops -n "__fish_rsops_needs_command" -l encrypted-suffix -d 'Encrypt only values with a key in their path ending with this suffix' -r
complete -c rsops -n "__fish_rsops_needs_command" -l unencrypted-regex -d 'Leave values unencrypted when a key of their path matches this regex' -r
complete -c rsops -n "__fish_rsops_needs_command" -l encrypted-regex -d 'Encrypt only values with a key in their path matching this regex' -r
complete -c rsops -n "__fish_rsops_needs_command" -l extract -d 'Print only the value at this tree path, e.g. \'["db"]["password"]\'' -r
complete -c rsops -n "__fish_rsops_needs_command" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_needs_command" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_needs_command" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_needs_command" -l unencrypted-comment-regex -d 'Leave values unencrypted when a comment above them matches this regex' -r
complete -c rsops -n "__fish_rsops_needs_command" -l encrypted-comment-regex -d 'Encrypt only values under a comment matching this regex' -r
complete -c rsops -n "__fish_rsops_needs_command" -l indent -d 'JSON indentation in spaces for the output (legacy mode)' -r
complete -c rsops -n "__fish_rsops_needs_command" -l filename-override -d 'Use this file name to choose formats and the creation rule' -r -F
complete -c rsops -n "__fish_rsops_needs_command" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_needs_command" -s e -l encrypt -d 'Encrypt the file (legacy mode)'
complete -c rsops -n "__fish_rsops_needs_command" -s d -l decrypt -d 'Decrypt the file (legacy mode)'
complete -c rsops -n "__fish_rsops_needs_command" -s r -l rotate -d 'Make a new data key for the file (legacy mode)'
complete -c rsops -n "__fish_rsops_needs_command" -s i -l in-place -d 'Write the result back to the input file (atomically)'
complete -c rsops -n "__fish_rsops_needs_command" -l ignore-mac -d 'Do not check the MAC (for files edited by hand; check them first)'
complete -c rsops -n "__fish_rsops_needs_command" -s s -l show-master-keys -d 'Show the sops metadata block in the editor too (legacy mode; changes to it are refused)'
complete -c rsops -n "__fish_rsops_needs_command" -l mac-only-encrypted -d 'Compute the MAC over encrypted values only'
complete -c rsops -n "__fish_rsops_needs_command" -l verbose -d 'Accepted for compatibility; rsops logs only errors and warnings'
complete -c rsops -n "__fish_rsops_needs_command" -l disable-version-check -d 'Accepted for compatibility; rsops never checks for updates'
complete -c rsops -n "__fish_rsops_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rsops -n "__fish_rsops_needs_command" -s V -l version -d 'Print version'
complete -c rsops -n "__fish_rsops_needs_command" -a "completion" -d 'Print a shell completion script'
complete -c rsops -n "__fish_rsops_needs_command" -a "krm" -d 'Run as a Kustomize KRM function (ksops drop-in): ResourceList on stdin'
complete -c rsops -n "__fish_rsops_needs_command" -a "plugin" -d 'Install rsops as a Kustomize plugin (ksops drop-in)'
complete -c rsops -n "__fish_rsops_needs_command" -a "argocd" -d 'Argo CD Config Management Plugin commands'
complete -c rsops -n "__fish_rsops_needs_command" -a "encrypt" -d 'Encrypt a file, or standard input'
complete -c rsops -n "__fish_rsops_needs_command" -a "decrypt" -d 'Decrypt a file, or standard input'
complete -c rsops -n "__fish_rsops_needs_command" -a "edit" -d 'Edit an encrypted file in $SOPS_EDITOR or $EDITOR (creating it when it does not exist)'
complete -c rsops -n "__fish_rsops_needs_command" -a "set" -d 'Set one value of an encrypted file: FILE PATH VALUE'
complete -c rsops -n "__fish_rsops_needs_command" -a "unset" -d 'Remove one key or list element of an encrypted file: FILE PATH'
complete -c rsops -n "__fish_rsops_needs_command" -a "rotate" -d 'Make a new data key for a file, optionally adding or removing master keys'
complete -c rsops -n "__fish_rsops_needs_command" -a "updatekeys" -d 'Give files the keys of the .sops.yaml creation rule that applies to them'
complete -c rsops -n "__fish_rsops_needs_command" -a "groups" -d 'Add or delete key groups of an encrypted file'
complete -c rsops -n "__fish_rsops_needs_command" -a "filestatus" -d 'Print whether a file is sops-encrypted, as JSON'
complete -c rsops -n "__fish_rsops_needs_command" -a "git" -d 'Encrypted files in git: decrypted diffs, a merge driver, conflict resolution, set-up'
complete -c rsops -n "__fish_rsops_needs_command" -a "check" -d 'Leak gate: files .sops.yaml says must be encrypted but are not, broken or tampered sops files'
complete -c rsops -n "__fish_rsops_needs_command" -a "config" -d 'Explain the configuration: which .sops.yaml and creation rule apply to each path, and why'
complete -c rsops -n "__fish_rsops_needs_command" -a "exec-env" -d 'Run a command with the decrypted values in its environment'
complete -c rsops -n "__fish_rsops_needs_command" -a "exec-file" -d 'Run a command with the decrypted file in a temporary named pipe or file ({} is its path)'
complete -c rsops -n "__fish_rsops_needs_command" -a "keyservice" -d 'Serve this machine\'s keys to sops and rsops clients (--keyservice) over gRPC, without authentication'
complete -c rsops -n "__fish_rsops_needs_command" -a "publish" -d 'Publish encrypted files to S3, GCS or Vault KV, as .sops.yaml\'s destination_rules say'
complete -c rsops -n "__fish_rsops_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand completion" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand krm" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and not __fish_seen_subcommand_from install check help" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and not __fish_seen_subcommand_from install check help" -f -a "install" -d 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and not __fish_seen_subcommand_from install check help" -f -a "check" -d 'List the ksops generators a `kustomize build DIR` would run and the flags each needs'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and not __fish_seen_subcommand_from install check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from install" -l with-kustomize -d 'Also copy the `kustomize` found on PATH into DIR'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from install" -l legacy -d 'Install as a legacy exec plugin: DIR is a kustomize plugin home and the binary goes to DIR/viaduct.ai/v1/ksops/ksops'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from check" -l root -d 'Do not follow resources out of this directory (default: the enclosing git work tree, else the current directory)' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "install" -d 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "check" -d 'List the ksops generators a `kustomize build DIR` would run and the flags each needs'
complete -c rsops -n "__fish_rsops_using_subcommand plugin; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and not __fish_seen_subcommand_from generate discover help" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and not __fish_seen_subcommand_from generate discover help" -f -a "generate" -d 'Print the application\'s manifests, decrypted (the CMP `generate` command)'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and not __fish_seen_subcommand_from generate discover help" -f -a "discover" -d 'Print the file that makes this an rsops application, if any (the CMP `discover` command)'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and not __fish_seen_subcommand_from generate discover help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and __fish_seen_subcommand_from discover" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Print the application\'s manifests, decrypted (the CMP `generate` command)'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and __fish_seen_subcommand_from help" -f -a "discover" -d 'Print the file that makes this an rsops application, if any (the CMP `discover` command)'
complete -c rsops -n "__fish_rsops_using_subcommand argocd; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l output -d 'Write the result to this file instead of standard output' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -s a -l age -d 'Comma-separated age recipients' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -s p -l pgp -d 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -s k -l kms -d 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l aws-profile -d 'AWS profile to use for the KMS keys' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l gcp-kms -d 'Comma-separated GCP KMS resource IDs' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l hckms -d 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l azure-kv -d 'Comma-separated Azure Key Vault key URLs' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l hc-vault-transit -d 'Comma-separated Vault transit key URIs' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l encryption-context -d 'KMS encryption context, as key:value pairs separated by commas' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (Shamir threshold)' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l unencrypted-suffix -d 'Leave values unencrypted when a key of their path ends with this suffix' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l encrypted-suffix -d 'Encrypt only values with a key in their path ending with this suffix' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l unencrypted-regex -d 'Leave values unencrypted when a key of their path matches this regex' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l encrypted-regex -d 'Encrypt only values with a key in their path matching this regex' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l filename-override -d 'Use this file name to choose formats and the creation rule' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -s r -l recursive -d 'Work on the files in the folders named: those .sops.yaml\'s creation rules select, without .git and what .gitignore ignores'
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l dry-run -d 'Print which files would be worked on, with which creation rule and keys, and change nothing'
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -l json -d 'Print the report as one JSON object on standard output'
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -s i -l in-place -d 'Write the result back to the input file (atomically)'
complete -c rsops -n "__fish_rsops_using_subcommand encrypt" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l output -d 'Write the result to this file instead of standard output' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l extract -d 'Print only the value at this tree path, e.g. \'["db"]["password"]\'' -r
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l filename-override -d 'Use this file name to choose formats' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -s r -l recursive -d 'Work on the files in the folders named: those .sops.yaml\'s creation rules select, without .git and what .gitignore ignores'
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l dry-run -d 'Print which files would be worked on, with which creation rule and keys, and change nothing'
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l json -d 'Print the report as one JSON object on standard output'
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -s i -l in-place -d 'Write the result back to the input file (atomically)'
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -l ignore-mac -d 'Do not check the MAC (for files edited by hand; check them first)'
complete -c rsops -n "__fish_rsops_using_subcommand decrypt" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand edit" -s a -l age -d 'Comma-separated age recipients' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -s p -l pgp -d 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -s k -l kms -d 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l aws-profile -d 'AWS profile to use for the KMS keys' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l gcp-kms -d 'Comma-separated GCP KMS resource IDs' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l hckms -d 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l azure-kv -d 'Comma-separated Azure Key Vault key URLs' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l hc-vault-transit -d 'Comma-separated Vault transit key URIs' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l encryption-context -d 'KMS encryption context, as key:value pairs separated by commas' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (Shamir threshold)' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l unencrypted-suffix -d 'Leave values unencrypted when a key of their path ends with this suffix' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l encrypted-suffix -d 'Encrypt only values with a key in their path ending with this suffix' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l unencrypted-regex -d 'Leave values unencrypted when a key of their path matches this regex' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l encrypted-regex -d 'Encrypt only values with a key in their path matching this regex' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand edit" -l ignore-mac -d 'Do not check the MAC (for files edited by hand; check them first)'
complete -c rsops -n "__fish_rsops_using_subcommand edit" -s s -l show-master-keys -d 'Show the sops metadata block in the editor too (changes to it are refused)'
complete -c rsops -n "__fish_rsops_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rsops -n "__fish_rsops_using_subcommand set" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand set" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand set" -l shamir-secret-sharing-threshold -d 'Accepted for compatibility; sops does not use it for this command' -r
complete -c rsops -n "__fish_rsops_using_subcommand set" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand set" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand set" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand set" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand set" -l value-file -d 'Read the value from the file named by VALUE (keeps it out of process listings)'
complete -c rsops -n "__fish_rsops_using_subcommand set" -l value-stdin -d 'Read the value from standard input; VALUE is then not given'
complete -c rsops -n "__fish_rsops_using_subcommand set" -l idempotent -d 'Do nothing (and exit 0) when the path already has this value'
complete -c rsops -n "__fish_rsops_using_subcommand set" -l ignore-mac -d 'Do not check the MAC (for files edited by hand; check them first)'
complete -c rsops -n "__fish_rsops_using_subcommand set" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l shamir-secret-sharing-threshold -d 'Accepted for compatibility; sops does not use it for this command' -r
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l idempotent -d 'Do nothing (and exit 0) when the path does not exist'
complete -c rsops -n "__fish_rsops_using_subcommand unset" -l ignore-mac -d 'Do not check the MAC (for files edited by hand; check them first)'
complete -c rsops -n "__fish_rsops_using_subcommand unset" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l output -d 'Write the result to this file instead of standard output' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l add-kms -d 'Add these AWS KMS ARNs to the first key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l rm-kms -d 'Remove these AWS KMS ARNs from every key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l add-gcp-kms -d 'Add these GCP KMS resource IDs to the first key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l rm-gcp-kms -d 'Remove these GCP KMS resource IDs from every key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l add-hckms -d 'Add these HuaweiCloud KMS key IDs (region:key-uuid) to the first key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l rm-hckms -d 'Remove these HuaweiCloud KMS key IDs from every key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l add-azure-kv -d 'Add these Azure Key Vault key URLs to the first key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l rm-azure-kv -d 'Remove these Azure Key Vault key URLs from every key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l add-hc-vault-transit -d 'Add these Vault transit key URIs to the first key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l rm-hc-vault-transit -d 'Remove these Vault transit key URIs from every key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l add-age -d 'Add these age recipients to the first key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l rm-age -d 'Remove these age recipients from every key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l add-pgp -d 'Add these PGP fingerprints to the first key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l rm-pgp -d 'Remove these PGP fingerprints from every key group' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l encryption-context -d 'KMS encryption context for added KMS keys, as key:value pairs separated by commas' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l filename-override -d 'Use this file name to choose formats' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -s i -l in-place -d 'Write the result back to the input file (atomically)'
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -s r -l recursive -d 'Work on the files in the folders named: those .sops.yaml\'s creation rules select, without .git and what .gitignore ignores'
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l dry-run -d 'Print which files would be worked on, with which creation rule and keys, and change nothing'
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -l json -d 'Print the report as one JSON object on standard output'
complete -c rsops -n "__fish_rsops_using_subcommand rotate" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -l input-type -d 'Input format; default: from the file name' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -s y -l yes -d 'Make the changes without asking'
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -s r -l recursive -d 'Work on the files in the folders named: those .sops.yaml\'s creation rules select, without .git and what .gitignore ignores'
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -l dry-run -d 'Print which files would be worked on, with which creation rule and keys, and change nothing'
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -l json -d 'Print the report as one JSON object on standard output'
complete -c rsops -n "__fish_rsops_using_subcommand updatekeys" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -f -a "add" -d 'Add a key group made of the given keys'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -f -a "delete" -d 'Delete the key group at INDEX (numbered from 0)'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and not __fish_seen_subcommand_from add delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -s f -l file -d 'The encrypted file' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (Shamir threshold)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l pgp -d 'PGP fingerprint for the new group (repeatable)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l kms -d 'AWS KMS ARN for the new group (repeatable)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l aws-profile -d 'AWS profile for the KMS keys' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l gcp-kms -d 'GCP KMS resource ID for the new group (repeatable)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l hckms -d 'HuaweiCloud KMS key ID (region:key-uuid) for the new group (repeatable)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l azure-kv -d 'Azure Key Vault key URL for the new group (repeatable)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l hc-vault-transit -d 'Vault transit key URI for the new group (repeatable)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l age -d 'age recipient for the new group (repeatable)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l encryption-context -d 'KMS encryption context, as key:value pairs separated by commas' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -s i -l in-place -d 'Write the result back to the file instead of standard output'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from delete" -s f -l file -d 'The encrypted file' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from delete" -l shamir-secret-sharing-threshold -d 'Number of key groups needed to decrypt (Shamir threshold)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from delete" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from delete" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from delete" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from delete" -s i -l in-place -d 'Write the result back to the file instead of standard output'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a key group made of the given keys'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete the key group at INDEX (numbered from 0)'
complete -c rsops -n "__fish_rsops_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand filestatus" -l input-type -d 'Input format; default: from the file name' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand filestatus" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand filestatus" -s r -l recursive -d 'Work on the files in the folders named: those .sops.yaml\'s creation rules select, without .git and what .gitignore ignores'
complete -c rsops -n "__fish_rsops_using_subcommand filestatus" -l dry-run -d 'Print which files would be worked on, with which creation rule and keys, and change nothing'
complete -c rsops -n "__fish_rsops_using_subcommand filestatus" -l json -d 'Print the report as one JSON object on standard output'
complete -c rsops -n "__fish_rsops_using_subcommand filestatus" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand git; and not __fish_seen_subcommand_from textconv merge resolve setup help" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand git; and not __fish_seen_subcommand_from textconv merge resolve setup help" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand git; and not __fish_seen_subcommand_from textconv merge resolve setup help" -f -a "textconv" -d 'Print FILE decrypted, for git\'s diff.rsops.textconv (the file as it is when it cannot be decrypted)'
complete -c rsops -n "__fish_rsops_using_subcommand git; and not __fish_seen_subcommand_from textconv merge resolve setup help" -f -a "merge" -d 'Merge driver: merge BASE and THEIRS into OURS value by value (git\'s %O %A %B %P)'
complete -c rsops -n "__fish_rsops_using_subcommand git; and not __fish_seen_subcommand_from textconv merge resolve setup help" -f -a "resolve" -d 'Resolve a conflicted encrypted file from the versions in git\'s index, without plaintext in the work tree'
complete -c rsops -n "__fish_rsops_using_subcommand git; and not __fish_seen_subcommand_from textconv merge resolve setup help" -f -a "setup" -d 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects'
complete -c rsops -n "__fish_rsops_using_subcommand git; and not __fish_seen_subcommand_from textconv merge resolve setup help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from textconv" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from textconv" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from merge" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from merge" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from resolve" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from resolve" -l ours -d 'Take our value wherever both sides changed one differently'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from resolve" -l theirs -d 'Take their value wherever both sides changed one differently'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from setup" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from setup" -l global -d 'Write the git config to ~/.gitconfig instead of the repository\'s'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from setup" -l check -d 'Change nothing; report what is missing and exit non-zero if anything is'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "textconv" -d 'Print FILE decrypted, for git\'s diff.rsops.textconv (the file as it is when it cannot be decrypted)'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "merge" -d 'Merge driver: merge BASE and THEIRS into OURS value by value (git\'s %O %A %B %P)'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Resolve a conflicted encrypted file from the versions in git\'s index, without plaintext in the work tree'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects'
complete -c rsops -n "__fish_rsops_using_subcommand git; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand check" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand check" -l staged -d 'Check the staged content of the files staged for the next commit (for pre-commit hooks)'
complete -c rsops -n "__fish_rsops_using_subcommand check" -l strict -d 'Also report plaintext values under secret-looking keys (password, token, secret, private_key, …) outside encrypted files'
complete -c rsops -n "__fish_rsops_using_subcommand check" -l json -d 'Print the report as JSON on standard output'
complete -c rsops -n "__fish_rsops_using_subcommand check" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand config; and not __fish_seen_subcommand_from explain help" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand config; and not __fish_seen_subcommand_from explain help" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand config; and not __fish_seen_subcommand_from explain help" -f -a "explain" -d 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets'
complete -c rsops -n "__fish_rsops_using_subcommand config; and not __fish_seen_subcommand_from explain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand config; and __fish_seen_subcommand_from explain" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand config; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "explain" -d 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets'
complete -c rsops -n "__fish_rsops_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l user -d 'Run the command as this user (rsops must run as root); sets HOME, USER and LOGNAME' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l background -d 'Start the command and do not wait for it (deprecated in sops)'
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l pristine -d 'Give the command only the decrypted values, not rsops\' environment'
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -l same-process -d 'Replace rsops with the command instead of starting a child process'
complete -c rsops -n "__fish_rsops_using_subcommand exec-env" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l user -d 'Run the command as this user (rsops must run as root); sets HOME, USER and LOGNAME' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l filename -d 'Name of the temporary file (default: tmp-file)' -r
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l input-type -d 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l output-type -d 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts' -r -f -a "yaml\t''
json\t''
dotenv\t''
ini\t''
binary\t''
toml\t''"
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l background -d 'Start the command and do not wait for it (deprecated in sops)'
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -l no-fifo -d 'Write the plaintext to a regular 0600 file instead of a named pipe'
complete -c rsops -n "__fish_rsops_using_subcommand exec-file" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand keyservice" -l network -l net -d 'Network to listen on' -r -f -a "tcp\t''
unix\t''"
complete -c rsops -n "__fish_rsops_using_subcommand keyservice" -l address -l addr -d 'Address to listen on: host:port for tcp (loopback by default: the key service has no authentication), the socket\'s path for unix (created 0600)' -r
complete -c rsops -n "__fish_rsops_using_subcommand keyservice" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand keyservice" -l prompt -d 'Ask on the terminal before answering each request'
complete -c rsops -n "__fish_rsops_using_subcommand keyservice" -l verbose -d 'Log each request\'s operation and key (never data)'
complete -c rsops -n "__fish_rsops_using_subcommand keyservice" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand publish" -l decryption-order -d 'Comma-separated key types to try first, e.g. age,pgp' -r
complete -c rsops -n "__fish_rsops_using_subcommand publish" -l enable-local-keyservice -d 'Use this machine\'s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers' -r
complete -c rsops -n "__fish_rsops_using_subcommand publish" -l keyservice -d 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)' -r
complete -c rsops -n "__fish_rsops_using_subcommand publish" -l config -d 'Path to the .sops.yaml to use instead of searching from the working directory upward' -r -F
complete -c rsops -n "__fish_rsops_using_subcommand publish" -s y -l yes -d 'Publish without asking first'
complete -c rsops -n "__fish_rsops_using_subcommand publish" -l omit-extensions -d 'Publish files under their names without the extension'
complete -c rsops -n "__fish_rsops_using_subcommand publish" -l recursive -d 'Publish every file under the folder, named by its path below it'
complete -c rsops -n "__fish_rsops_using_subcommand publish" -l verbose -d 'Say on standard error what was published where'
complete -c rsops -n "__fish_rsops_using_subcommand publish" -s h -l help -d 'Print help'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "completion" -d 'Print a shell completion script'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "krm" -d 'Run as a Kustomize KRM function (ksops drop-in): ResourceList on stdin'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "plugin" -d 'Install rsops as a Kustomize plugin (ksops drop-in)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "argocd" -d 'Argo CD Config Management Plugin commands'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "encrypt" -d 'Encrypt a file, or standard input'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "decrypt" -d 'Decrypt a file, or standard input'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "edit" -d 'Edit an encrypted file in $SOPS_EDITOR or $EDITOR (creating it when it does not exist)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "set" -d 'Set one value of an encrypted file: FILE PATH VALUE'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "unset" -d 'Remove one key or list element of an encrypted file: FILE PATH'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "rotate" -d 'Make a new data key for a file, optionally adding or removing master keys'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "updatekeys" -d 'Give files the keys of the .sops.yaml creation rule that applies to them'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "groups" -d 'Add or delete key groups of an encrypted file'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "filestatus" -d 'Print whether a file is sops-encrypted, as JSON'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "git" -d 'Encrypted files in git: decrypted diffs, a merge driver, conflict resolution, set-up'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "check" -d 'Leak gate: files .sops.yaml says must be encrypted but are not, broken or tampered sops files'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "config" -d 'Explain the configuration: which .sops.yaml and creation rule apply to each path, and why'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "exec-env" -d 'Run a command with the decrypted values in its environment'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "exec-file" -d 'Run a command with the decrypted file in a temporary named pipe or file ({} is its path)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "keyservice" -d 'Serve this machine\'s keys to sops and rsops clients (--keyservice) over gRPC, without authentication'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "publish" -d 'Publish encrypted files to S3, GCS or Vault KV, as .sops.yaml\'s destination_rules say'
complete -c rsops -n "__fish_rsops_using_subcommand help; and not __fish_seen_subcommand_from completion krm plugin argocd encrypt decrypt edit set unset rotate updatekeys groups filestatus git check config exec-env exec-file keyservice publish help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "install" -d 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from plugin" -f -a "check" -d 'List the ksops generators a `kustomize build DIR` would run and the flags each needs'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from argocd" -f -a "generate" -d 'Print the application\'s manifests, decrypted (the CMP `generate` command)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from argocd" -f -a "discover" -d 'Print the file that makes this an rsops application, if any (the CMP `discover` command)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "add" -d 'Add a key group made of the given keys'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete" -d 'Delete the key group at INDEX (numbered from 0)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "textconv" -d 'Print FILE decrypted, for git\'s diff.rsops.textconv (the file as it is when it cannot be decrypted)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "merge" -d 'Merge driver: merge BASE and THEIRS into OURS value by value (git\'s %O %A %B %P)'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "resolve" -d 'Resolve a conflicted encrypted file from the versions in git\'s index, without plaintext in the work tree'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from git" -f -a "setup" -d 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects'
complete -c rsops -n "__fish_rsops_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "explain" -d 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets'
