
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'rsops' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'rsops'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'rsops' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set one value and write the file: ''<path> <json>'', e.g. ''["db"]["password"] "x"'' (legacy mode)')
            [CompletionResult]::new('--add-kms', '--add-kms', [CompletionResultType]::ParameterName, 'Add these AWS KMS ARNs to the first key group')
            [CompletionResult]::new('--rm-kms', '--rm-kms', [CompletionResultType]::ParameterName, 'Remove these AWS KMS ARNs from every key group')
            [CompletionResult]::new('--add-gcp-kms', '--add-gcp-kms', [CompletionResultType]::ParameterName, 'Add these GCP KMS resource IDs to the first key group')
            [CompletionResult]::new('--rm-gcp-kms', '--rm-gcp-kms', [CompletionResultType]::ParameterName, 'Remove these GCP KMS resource IDs from every key group')
            [CompletionResult]::new('--add-hckms', '--add-hckms', [CompletionResultType]::ParameterName, 'Add these HuaweiCloud KMS key IDs (region:key-uuid) to the first key group')
            [CompletionResult]::new('--rm-hckms', '--rm-hckms', [CompletionResultType]::ParameterName, 'Remove these HuaweiCloud KMS key IDs from every key group')
            [CompletionResult]::new('--add-azure-kv', '--add-azure-kv', [CompletionResultType]::ParameterName, 'Add these Azure Key Vault key URLs to the first key group')
            [CompletionResult]::new('--rm-azure-kv', '--rm-azure-kv', [CompletionResultType]::ParameterName, 'Remove these Azure Key Vault key URLs from every key group')
            [CompletionResult]::new('--add-hc-vault-transit', '--add-hc-vault-transit', [CompletionResultType]::ParameterName, 'Add these Vault transit key URIs to the first key group')
            [CompletionResult]::new('--rm-hc-vault-transit', '--rm-hc-vault-transit', [CompletionResultType]::ParameterName, 'Remove these Vault transit key URIs from every key group')
            [CompletionResult]::new('--add-age', '--add-age', [CompletionResultType]::ParameterName, 'Add these age recipients to the first key group')
            [CompletionResult]::new('--rm-age', '--rm-age', [CompletionResultType]::ParameterName, 'Remove these age recipients from every key group')
            [CompletionResult]::new('--add-pgp', '--add-pgp', [CompletionResultType]::ParameterName, 'Add these PGP fingerprints to the first key group')
            [CompletionResult]::new('--rm-pgp', '--rm-pgp', [CompletionResultType]::ParameterName, 'Remove these PGP fingerprints from every key group')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Comma-separated age recipients')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'Comma-separated age recipients')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)')
            [CompletionResult]::new('--pgp', '--pgp', [CompletionResultType]::ParameterName, 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile to use for the KMS keys')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'Comma-separated GCP KMS resource IDs')
            [CompletionResult]::new('--hckms', '--hckms', [CompletionResultType]::ParameterName, 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Comma-separated Azure Key Vault key URLs')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'Comma-separated Vault transit key URIs')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'KMS encryption context, as key:value pairs separated by commas')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (Shamir threshold)')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values unencrypted when a key of their path ends with this suffix')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values with a key in their path ending with this suffix')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values unencrypted when a key of their path matches this regex')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values with a key in their path matching this regex')
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Print only the value at this tree path, e.g. ''["db"]["password"]''')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--unencrypted-comment-regex', '--unencrypted-comment-regex', [CompletionResultType]::ParameterName, 'Leave values unencrypted when a comment above them matches this regex')
            [CompletionResult]::new('--encrypted-comment-regex', '--encrypted-comment-regex', [CompletionResultType]::ParameterName, 'Encrypt only values under a comment matching this regex')
            [CompletionResult]::new('--indent', '--indent', [CompletionResultType]::ParameterName, 'JSON indentation in spaces for the output (legacy mode)')
            [CompletionResult]::new('--filename-override', '--filename-override', [CompletionResultType]::ParameterName, 'Use this file name to choose formats and the creation rule')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Encrypt the file (legacy mode)')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'Encrypt the file (legacy mode)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Decrypt the file (legacy mode)')
            [CompletionResult]::new('--decrypt', '--decrypt', [CompletionResultType]::ParameterName, 'Decrypt the file (legacy mode)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Make a new data key for the file (legacy mode)')
            [CompletionResult]::new('--rotate', '--rotate', [CompletionResultType]::ParameterName, 'Make a new data key for the file (legacy mode)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Do not check the MAC (for files edited by hand; check them first)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Show the sops metadata block in the editor too (legacy mode; changes to it are refused)')
            [CompletionResult]::new('--show-master-keys', '--show-master-keys', [CompletionResultType]::ParameterName, 'Show the sops metadata block in the editor too (legacy mode; changes to it are refused)')
            [CompletionResult]::new('--mac-only-encrypted', '--mac-only-encrypted', [CompletionResultType]::ParameterName, 'Compute the MAC over encrypted values only')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Accepted for compatibility; rsops logs only errors and warnings')
            [CompletionResult]::new('--disable-version-check', '--disable-version-check', [CompletionResultType]::ParameterName, 'Accepted for compatibility; rsops never checks for updates')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('krm', 'krm', [CompletionResultType]::ParameterValue, 'Run as a Kustomize KRM function (ksops drop-in): ResourceList on stdin')
            [CompletionResult]::new('plugin', 'plugin', [CompletionResultType]::ParameterValue, 'Install rsops as a Kustomize plugin (ksops drop-in)')
            [CompletionResult]::new('argocd', 'argocd', [CompletionResultType]::ParameterValue, 'Argo CD Config Management Plugin commands')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt a file, or standard input')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Decrypt a file, or standard input')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an encrypted file in $SOPS_EDITOR or $EDITOR (creating it when it does not exist)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one value of an encrypted file: FILE PATH VALUE')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one key or list element of an encrypted file: FILE PATH')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new data key for a file, optionally adding or removing master keys')
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Give files the keys of the .sops.yaml creation rule that applies to them')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Add or delete key groups of an encrypted file')
            [CompletionResult]::new('filestatus', 'filestatus', [CompletionResultType]::ParameterValue, 'Print whether a file is sops-encrypted, as JSON')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Encrypted files in git: decrypted diffs, a merge driver, conflict resolution, set-up')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Leak gate: files .sops.yaml says must be encrypted but are not, broken or tampered sops files')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Explain the configuration: which .sops.yaml and creation rule apply to each path, and why')
            [CompletionResult]::new('exec-env', 'exec-env', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted values in its environment')
            [CompletionResult]::new('exec-file', 'exec-file', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted file in a temporary named pipe or file ({} is its path)')
            [CompletionResult]::new('keyservice', 'keyservice', [CompletionResultType]::ParameterValue, 'Serve this machine''s keys to sops and rsops clients (--keyservice) over gRPC, without authentication')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish encrypted files to S3, GCS or Vault KV, as .sops.yaml''s destination_rules say')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;completion' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;krm' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;plugin' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'List the ksops generators a `kustomize build DIR` would run and the flags each needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;plugin;install' {
            [CompletionResult]::new('--with-kustomize', '--with-kustomize', [CompletionResultType]::ParameterName, 'Also copy the `kustomize` found on PATH into DIR')
            [CompletionResult]::new('--legacy', '--legacy', [CompletionResultType]::ParameterName, 'Install as a legacy exec plugin: DIR is a kustomize plugin home and the binary goes to DIR/viaduct.ai/v1/ksops/ksops')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;plugin;check' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Do not follow resources out of this directory (default: the enclosing git work tree, else the current directory)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;plugin;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'List the ksops generators a `kustomize build DIR` would run and the flags each needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;plugin;help;install' {
            break
        }
        'rsops;plugin;help;check' {
            break
        }
        'rsops;plugin;help;help' {
            break
        }
        'rsops;argocd' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print the application''s manifests, decrypted (the CMP `generate` command)')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Print the file that makes this an rsops application, if any (the CMP `discover` command)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;argocd;generate' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;argocd;discover' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;argocd;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print the application''s manifests, decrypted (the CMP `generate` command)')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Print the file that makes this an rsops application, if any (the CMP `discover` command)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;argocd;help;generate' {
            break
        }
        'rsops;argocd;help;discover' {
            break
        }
        'rsops;argocd;help;help' {
            break
        }
        'rsops;encrypt' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Comma-separated age recipients')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'Comma-separated age recipients')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)')
            [CompletionResult]::new('--pgp', '--pgp', [CompletionResultType]::ParameterName, 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile to use for the KMS keys')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'Comma-separated GCP KMS resource IDs')
            [CompletionResult]::new('--hckms', '--hckms', [CompletionResultType]::ParameterName, 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Comma-separated Azure Key Vault key URLs')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'Comma-separated Vault transit key URIs')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'KMS encryption context, as key:value pairs separated by commas')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (Shamir threshold)')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values unencrypted when a key of their path ends with this suffix')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values with a key in their path ending with this suffix')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values unencrypted when a key of their path matches this regex')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values with a key in their path matching this regex')
            [CompletionResult]::new('--filename-override', '--filename-override', [CompletionResultType]::ParameterName, 'Use this file name to choose formats and the creation rule')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print which files would be worked on, with which creation rule and keys, and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as one JSON object on standard output')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;decrypt' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Print only the value at this tree path, e.g. ''["db"]["password"]''')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--filename-override', '--filename-override', [CompletionResultType]::ParameterName, 'Use this file name to choose formats')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print which files would be worked on, with which creation rule and keys, and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as one JSON object on standard output')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Do not check the MAC (for files edited by hand; check them first)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;edit' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Comma-separated age recipients')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'Comma-separated age recipients')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)')
            [CompletionResult]::new('--pgp', '--pgp', [CompletionResultType]::ParameterName, 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile to use for the KMS keys')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'Comma-separated GCP KMS resource IDs')
            [CompletionResult]::new('--hckms', '--hckms', [CompletionResultType]::ParameterName, 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Comma-separated Azure Key Vault key URLs')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'Comma-separated Vault transit key URIs')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'KMS encryption context, as key:value pairs separated by commas')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (Shamir threshold)')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--unencrypted-suffix', '--unencrypted-suffix', [CompletionResultType]::ParameterName, 'Leave values unencrypted when a key of their path ends with this suffix')
            [CompletionResult]::new('--encrypted-suffix', '--encrypted-suffix', [CompletionResultType]::ParameterName, 'Encrypt only values with a key in their path ending with this suffix')
            [CompletionResult]::new('--unencrypted-regex', '--unencrypted-regex', [CompletionResultType]::ParameterName, 'Leave values unencrypted when a key of their path matches this regex')
            [CompletionResult]::new('--encrypted-regex', '--encrypted-regex', [CompletionResultType]::ParameterName, 'Encrypt only values with a key in their path matching this regex')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Do not check the MAC (for files edited by hand; check them first)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Show the sops metadata block in the editor too (changes to it are refused)')
            [CompletionResult]::new('--show-master-keys', '--show-master-keys', [CompletionResultType]::ParameterName, 'Show the sops metadata block in the editor too (changes to it are refused)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rsops;set' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Accepted for compatibility; sops does not use it for this command')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--value-file', '--value-file', [CompletionResultType]::ParameterName, 'Read the value from the file named by VALUE (keeps it out of process listings)')
            [CompletionResult]::new('--value-stdin', '--value-stdin', [CompletionResultType]::ParameterName, 'Read the value from standard input; VALUE is then not given')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Do nothing (and exit 0) when the path already has this value')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Do not check the MAC (for files edited by hand; check them first)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;unset' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Accepted for compatibility; sops does not use it for this command')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Do nothing (and exit 0) when the path does not exist')
            [CompletionResult]::new('--ignore-mac', '--ignore-mac', [CompletionResultType]::ParameterName, 'Do not check the MAC (for files edited by hand; check them first)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;rotate' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the result to this file instead of standard output')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--add-kms', '--add-kms', [CompletionResultType]::ParameterName, 'Add these AWS KMS ARNs to the first key group')
            [CompletionResult]::new('--rm-kms', '--rm-kms', [CompletionResultType]::ParameterName, 'Remove these AWS KMS ARNs from every key group')
            [CompletionResult]::new('--add-gcp-kms', '--add-gcp-kms', [CompletionResultType]::ParameterName, 'Add these GCP KMS resource IDs to the first key group')
            [CompletionResult]::new('--rm-gcp-kms', '--rm-gcp-kms', [CompletionResultType]::ParameterName, 'Remove these GCP KMS resource IDs from every key group')
            [CompletionResult]::new('--add-hckms', '--add-hckms', [CompletionResultType]::ParameterName, 'Add these HuaweiCloud KMS key IDs (region:key-uuid) to the first key group')
            [CompletionResult]::new('--rm-hckms', '--rm-hckms', [CompletionResultType]::ParameterName, 'Remove these HuaweiCloud KMS key IDs from every key group')
            [CompletionResult]::new('--add-azure-kv', '--add-azure-kv', [CompletionResultType]::ParameterName, 'Add these Azure Key Vault key URLs to the first key group')
            [CompletionResult]::new('--rm-azure-kv', '--rm-azure-kv', [CompletionResultType]::ParameterName, 'Remove these Azure Key Vault key URLs from every key group')
            [CompletionResult]::new('--add-hc-vault-transit', '--add-hc-vault-transit', [CompletionResultType]::ParameterName, 'Add these Vault transit key URIs to the first key group')
            [CompletionResult]::new('--rm-hc-vault-transit', '--rm-hc-vault-transit', [CompletionResultType]::ParameterName, 'Remove these Vault transit key URIs from every key group')
            [CompletionResult]::new('--add-age', '--add-age', [CompletionResultType]::ParameterName, 'Add these age recipients to the first key group')
            [CompletionResult]::new('--rm-age', '--rm-age', [CompletionResultType]::ParameterName, 'Remove these age recipients from every key group')
            [CompletionResult]::new('--add-pgp', '--add-pgp', [CompletionResultType]::ParameterName, 'Add these PGP fingerprints to the first key group')
            [CompletionResult]::new('--rm-pgp', '--rm-pgp', [CompletionResultType]::ParameterName, 'Remove these PGP fingerprints from every key group')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'KMS encryption context for added KMS keys, as key:value pairs separated by commas')
            [CompletionResult]::new('--filename-override', '--filename-override', [CompletionResultType]::ParameterName, 'Use this file name to choose formats')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Write the result back to the input file (atomically)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print which files would be worked on, with which creation rule and keys, and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as one JSON object on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;updatekeys' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Make the changes without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Make the changes without asking')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print which files would be worked on, with which creation rule and keys, and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as one JSON object on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;groups' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a key group made of the given keys')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the key group at INDEX (numbered from 0)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;groups;add' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The encrypted file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The encrypted file')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (Shamir threshold)')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--pgp', '--pgp', [CompletionResultType]::ParameterName, 'PGP fingerprint for the new group (repeatable)')
            [CompletionResult]::new('--kms', '--kms', [CompletionResultType]::ParameterName, 'AWS KMS ARN for the new group (repeatable)')
            [CompletionResult]::new('--aws-profile', '--aws-profile', [CompletionResultType]::ParameterName, 'AWS profile for the KMS keys')
            [CompletionResult]::new('--gcp-kms', '--gcp-kms', [CompletionResultType]::ParameterName, 'GCP KMS resource ID for the new group (repeatable)')
            [CompletionResult]::new('--hckms', '--hckms', [CompletionResultType]::ParameterName, 'HuaweiCloud KMS key ID (region:key-uuid) for the new group (repeatable)')
            [CompletionResult]::new('--azure-kv', '--azure-kv', [CompletionResultType]::ParameterName, 'Azure Key Vault key URL for the new group (repeatable)')
            [CompletionResult]::new('--hc-vault-transit', '--hc-vault-transit', [CompletionResultType]::ParameterName, 'Vault transit key URI for the new group (repeatable)')
            [CompletionResult]::new('--age', '--age', [CompletionResultType]::ParameterName, 'age recipient for the new group (repeatable)')
            [CompletionResult]::new('--encryption-context', '--encryption-context', [CompletionResultType]::ParameterName, 'KMS encryption context, as key:value pairs separated by commas')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Write the result back to the file instead of standard output')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Write the result back to the file instead of standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;groups;delete' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The encrypted file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The encrypted file')
            [CompletionResult]::new('--shamir-secret-sharing-threshold', '--shamir-secret-sharing-threshold', [CompletionResultType]::ParameterName, 'Number of key groups needed to decrypt (Shamir threshold)')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Write the result back to the file instead of standard output')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Write the result back to the file instead of standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;groups;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a key group made of the given keys')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the key group at INDEX (numbered from 0)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;groups;help;add' {
            break
        }
        'rsops;groups;help;delete' {
            break
        }
        'rsops;groups;help;help' {
            break
        }
        'rsops;filestatus' {
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print which files would be worked on, with which creation rule and keys, and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as one JSON object on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;git' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print FILE decrypted, for git''s diff.rsops.textconv (the file as it is when it cannot be decrypted)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge driver: merge BASE and THEIRS into OURS value by value (git''s %O %A %B %P)')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a conflicted encrypted file from the versions in git''s index, without plaintext in the work tree')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;git;textconv' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;git;merge' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;git;resolve' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--ours', '--ours', [CompletionResultType]::ParameterName, 'Take our value wherever both sides changed one differently')
            [CompletionResult]::new('--theirs', '--theirs', [CompletionResultType]::ParameterName, 'Take their value wherever both sides changed one differently')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;git;setup' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Write the git config to ~/.gitconfig instead of the repository''s')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Change nothing; report what is missing and exit non-zero if anything is')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;git;help' {
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print FILE decrypted, for git''s diff.rsops.textconv (the file as it is when it cannot be decrypted)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge driver: merge BASE and THEIRS into OURS value by value (git''s %O %A %B %P)')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a conflicted encrypted file from the versions in git''s index, without plaintext in the work tree')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;git;help;textconv' {
            break
        }
        'rsops;git;help;merge' {
            break
        }
        'rsops;git;help;resolve' {
            break
        }
        'rsops;git;help;setup' {
            break
        }
        'rsops;git;help;help' {
            break
        }
        'rsops;check' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Check the staged content of the files staged for the next commit (for pre-commit hooks)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Also report plaintext values under secret-looking keys (password, token, secret, private_key, …) outside encrypted files')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;config;explain' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;config;help' {
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;config;help;explain' {
            break
        }
        'rsops;config;help;help' {
            break
        }
        'rsops;exec-env' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Run the command as this user (rsops must run as root); sets HOME, USER and LOGNAME')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--background', '--background', [CompletionResultType]::ParameterName, 'Start the command and do not wait for it (deprecated in sops)')
            [CompletionResult]::new('--pristine', '--pristine', [CompletionResultType]::ParameterName, 'Give the command only the decrypted values, not rsops'' environment')
            [CompletionResult]::new('--same-process', '--same-process', [CompletionResultType]::ParameterName, 'Replace rsops with the command instead of starting a child process')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;exec-file' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Run the command as this user (rsops must run as root); sets HOME, USER and LOGNAME')
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Name of the temporary file (default: tmp-file)')
            [CompletionResult]::new('--input-type', '--input-type', [CompletionResultType]::ParameterName, 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--output-type', '--output-type', [CompletionResultType]::ParameterName, 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--background', '--background', [CompletionResultType]::ParameterName, 'Start the command and do not wait for it (deprecated in sops)')
            [CompletionResult]::new('--no-fifo', '--no-fifo', [CompletionResultType]::ParameterName, 'Write the plaintext to a regular 0600 file instead of a named pipe')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;keyservice' {
            [CompletionResult]::new('--network', '--network', [CompletionResultType]::ParameterName, 'Network to listen on')
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Network to listen on')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Address to listen on: host:port for tcp (loopback by default: the key service has no authentication), the socket''s path for unix (created 0600)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on: host:port for tcp (loopback by default: the key service has no authentication), the socket''s path for unix (created 0600)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'Ask on the terminal before answering each request')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log each request''s operation and key (never data)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;publish' {
            [CompletionResult]::new('--decryption-order', '--decryption-order', [CompletionResultType]::ParameterName, 'Comma-separated key types to try first, e.g. age,pgp')
            [CompletionResult]::new('--enable-local-keyservice', '--enable-local-keyservice', [CompletionResultType]::ParameterName, 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers')
            [CompletionResult]::new('--keyservice', '--keyservice', [CompletionResultType]::ParameterName, 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Path to the .sops.yaml to use instead of searching from the working directory upward')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Publish without asking first')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Publish without asking first')
            [CompletionResult]::new('--omit-extensions', '--omit-extensions', [CompletionResultType]::ParameterName, 'Publish files under their names without the extension')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Publish every file under the folder, named by its path below it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on standard error what was published where')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rsops;help' {
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('krm', 'krm', [CompletionResultType]::ParameterValue, 'Run as a Kustomize KRM function (ksops drop-in): ResourceList on stdin')
            [CompletionResult]::new('plugin', 'plugin', [CompletionResultType]::ParameterValue, 'Install rsops as a Kustomize plugin (ksops drop-in)')
            [CompletionResult]::new('argocd', 'argocd', [CompletionResultType]::ParameterValue, 'Argo CD Config Management Plugin commands')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt a file, or standard input')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Decrypt a file, or standard input')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit an encrypted file in $SOPS_EDITOR or $EDITOR (creating it when it does not exist)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one value of an encrypted file: FILE PATH VALUE')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one key or list element of an encrypted file: FILE PATH')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new data key for a file, optionally adding or removing master keys')
            [CompletionResult]::new('updatekeys', 'updatekeys', [CompletionResultType]::ParameterValue, 'Give files the keys of the .sops.yaml creation rule that applies to them')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Add or delete key groups of an encrypted file')
            [CompletionResult]::new('filestatus', 'filestatus', [CompletionResultType]::ParameterValue, 'Print whether a file is sops-encrypted, as JSON')
            [CompletionResult]::new('git', 'git', [CompletionResultType]::ParameterValue, 'Encrypted files in git: decrypted diffs, a merge driver, conflict resolution, set-up')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Leak gate: files .sops.yaml says must be encrypted but are not, broken or tampered sops files')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Explain the configuration: which .sops.yaml and creation rule apply to each path, and why')
            [CompletionResult]::new('exec-env', 'exec-env', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted values in its environment')
            [CompletionResult]::new('exec-file', 'exec-file', [CompletionResultType]::ParameterValue, 'Run a command with the decrypted file in a temporary named pipe or file ({} is its path)')
            [CompletionResult]::new('keyservice', 'keyservice', [CompletionResultType]::ParameterValue, 'Serve this machine''s keys to sops and rsops clients (--keyservice) over gRPC, without authentication')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish encrypted files to S3, GCS or Vault KV, as .sops.yaml''s destination_rules say')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rsops;help;completion' {
            break
        }
        'rsops;help;krm' {
            break
        }
        'rsops;help;plugin' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'List the ksops generators a `kustomize build DIR` would run and the flags each needs')
            break
        }
        'rsops;help;plugin;install' {
            break
        }
        'rsops;help;plugin;check' {
            break
        }
        'rsops;help;argocd' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Print the application''s manifests, decrypted (the CMP `generate` command)')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Print the file that makes this an rsops application, if any (the CMP `discover` command)')
            break
        }
        'rsops;help;argocd;generate' {
            break
        }
        'rsops;help;argocd;discover' {
            break
        }
        'rsops;help;encrypt' {
            break
        }
        'rsops;help;decrypt' {
            break
        }
        'rsops;help;edit' {
            break
        }
        'rsops;help;set' {
            break
        }
        'rsops;help;unset' {
            break
        }
        'rsops;help;rotate' {
            break
        }
        'rsops;help;updatekeys' {
            break
        }
        'rsops;help;groups' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a key group made of the given keys')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the key group at INDEX (numbered from 0)')
            break
        }
        'rsops;help;groups;add' {
            break
        }
        'rsops;help;groups;delete' {
            break
        }
        'rsops;help;filestatus' {
            break
        }
        'rsops;help;git' {
            [CompletionResult]::new('textconv', 'textconv', [CompletionResultType]::ParameterValue, 'Print FILE decrypted, for git''s diff.rsops.textconv (the file as it is when it cannot be decrypted)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge driver: merge BASE and THEIRS into OURS value by value (git''s %O %A %B %P)')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a conflicted encrypted file from the versions in git''s index, without plaintext in the work tree')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects')
            break
        }
        'rsops;help;git;textconv' {
            break
        }
        'rsops;help;git;merge' {
            break
        }
        'rsops;help;git;resolve' {
            break
        }
        'rsops;help;git;setup' {
            break
        }
        'rsops;help;check' {
            break
        }
        'rsops;help;config' {
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets')
            break
        }
        'rsops;help;config;explain' {
            break
        }
        'rsops;help;exec-env' {
            break
        }
        'rsops;help;exec-file' {
            break
        }
        'rsops;help;keyservice' {
            break
        }
        'rsops;help;publish' {
            break
        }
        'rsops;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
