
use builtin;
use str;

set edit:completion:arg-completer[rsops] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'rsops'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'rsops'= {
            cand --set 'Set one value and write the file: ''<path> <json>'', e.g. ''["db"]["password"] "x"'' (legacy mode)'
            cand --add-kms 'Add these AWS KMS ARNs to the first key group'
            cand --rm-kms 'Remove these AWS KMS ARNs from every key group'
            cand --add-gcp-kms 'Add these GCP KMS resource IDs to the first key group'
            cand --rm-gcp-kms 'Remove these GCP KMS resource IDs from every key group'
            cand --add-hckms 'Add these HuaweiCloud KMS key IDs (region:key-uuid) to the first key group'
            cand --rm-hckms 'Remove these HuaweiCloud KMS key IDs from every key group'
            cand --add-azure-kv 'Add these Azure Key Vault key URLs to the first key group'
            cand --rm-azure-kv 'Remove these Azure Key Vault key URLs from every key group'
            cand --add-hc-vault-transit 'Add these Vault transit key URIs to the first key group'
            cand --rm-hc-vault-transit 'Remove these Vault transit key URIs from every key group'
            cand --add-age 'Add these age recipients to the first key group'
            cand --rm-age 'Remove these age recipients from every key group'
            cand --add-pgp 'Add these PGP fingerprints to the first key group'
            cand --rm-pgp 'Remove these PGP fingerprints from every key group'
            cand --output 'Write the result to this file instead of standard output'
            cand -a 'Comma-separated age recipients'
            cand --age 'Comma-separated age recipients'
            cand -p 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)'
            cand --pgp 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)'
            cand -k 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)'
            cand --kms 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)'
            cand --aws-profile 'AWS profile to use for the KMS keys'
            cand --gcp-kms 'Comma-separated GCP KMS resource IDs'
            cand --hckms 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)'
            cand --azure-kv 'Comma-separated Azure Key Vault key URLs'
            cand --hc-vault-transit 'Comma-separated Vault transit key URIs'
            cand --encryption-context 'KMS encryption context, as key:value pairs separated by commas'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (Shamir threshold)'
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --unencrypted-suffix 'Leave values unencrypted when a key of their path ends with this suffix'
            cand --encrypted-suffix 'Encrypt only values with a key in their path ending with this suffix'
            cand --unencrypted-regex 'Leave values unencrypted when a key of their path matches this regex'
            cand --encrypted-regex 'Encrypt only values with a key in their path matching this regex'
            cand --extract 'Print only the value at this tree path, e.g. ''["db"]["password"]'''
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --unencrypted-comment-regex 'Leave values unencrypted when a comment above them matches this regex'
            cand --encrypted-comment-regex 'Encrypt only values under a comment matching this regex'
            cand --indent 'JSON indentation in spaces for the output (legacy mode)'
            cand --filename-override 'Use this file name to choose formats and the creation rule'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -e 'Encrypt the file (legacy mode)'
            cand --encrypt 'Encrypt the file (legacy mode)'
            cand -d 'Decrypt the file (legacy mode)'
            cand --decrypt 'Decrypt the file (legacy mode)'
            cand -r 'Make a new data key for the file (legacy mode)'
            cand --rotate 'Make a new data key for the file (legacy mode)'
            cand -i 'Write the result back to the input file (atomically)'
            cand --in-place 'Write the result back to the input file (atomically)'
            cand --ignore-mac 'Do not check the MAC (for files edited by hand; check them first)'
            cand -s 'Show the sops metadata block in the editor too (legacy mode; changes to it are refused)'
            cand --show-master-keys 'Show the sops metadata block in the editor too (legacy mode; changes to it are refused)'
            cand --mac-only-encrypted 'Compute the MAC over encrypted values only'
            cand --verbose 'Accepted for compatibility; rsops logs only errors and warnings'
            cand --disable-version-check 'Accepted for compatibility; rsops never checks for updates'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand completion 'Print a shell completion script'
            cand krm 'Run as a Kustomize KRM function (ksops drop-in): ResourceList on stdin'
            cand plugin 'Install rsops as a Kustomize plugin (ksops drop-in)'
            cand argocd 'Argo CD Config Management Plugin commands'
            cand encrypt 'Encrypt a file, or standard input'
            cand decrypt 'Decrypt a file, or standard input'
            cand edit 'Edit an encrypted file in $SOPS_EDITOR or $EDITOR (creating it when it does not exist)'
            cand set 'Set one value of an encrypted file: FILE PATH VALUE'
            cand unset 'Remove one key or list element of an encrypted file: FILE PATH'
            cand rotate 'Make a new data key for a file, optionally adding or removing master keys'
            cand updatekeys 'Give files the keys of the .sops.yaml creation rule that applies to them'
            cand groups 'Add or delete key groups of an encrypted file'
            cand filestatus 'Print whether a file is sops-encrypted, as JSON'
            cand git 'Encrypted files in git: decrypted diffs, a merge driver, conflict resolution, set-up'
            cand check 'Leak gate: files .sops.yaml says must be encrypted but are not, broken or tampered sops files'
            cand config 'Explain the configuration: which .sops.yaml and creation rule apply to each path, and why'
            cand exec-env 'Run a command with the decrypted values in its environment'
            cand exec-file 'Run a command with the decrypted file in a temporary named pipe or file ({} is its path)'
            cand keyservice 'Serve this machine''s keys to sops and rsops clients (--keyservice) over gRPC, without authentication'
            cand publish 'Publish encrypted files to S3, GCS or Vault KV, as .sops.yaml''s destination_rules say'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;completion'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;krm'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;plugin'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand install 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)'
            cand check 'List the ksops generators a `kustomize build DIR` would run and the flags each needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;plugin;install'= {
            cand --with-kustomize 'Also copy the `kustomize` found on PATH into DIR'
            cand --legacy 'Install as a legacy exec plugin: DIR is a kustomize plugin home and the binary goes to DIR/viaduct.ai/v1/ksops/ksops'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;plugin;check'= {
            cand --root 'Do not follow resources out of this directory (default: the enclosing git work tree, else the current directory)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;plugin;help'= {
            cand install 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)'
            cand check 'List the ksops generators a `kustomize build DIR` would run and the flags each needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;plugin;help;install'= {
        }
        &'rsops;plugin;help;check'= {
        }
        &'rsops;plugin;help;help'= {
        }
        &'rsops;argocd'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand generate 'Print the application''s manifests, decrypted (the CMP `generate` command)'
            cand discover 'Print the file that makes this an rsops application, if any (the CMP `discover` command)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;argocd;generate'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;argocd;discover'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;argocd;help'= {
            cand generate 'Print the application''s manifests, decrypted (the CMP `generate` command)'
            cand discover 'Print the file that makes this an rsops application, if any (the CMP `discover` command)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;argocd;help;generate'= {
        }
        &'rsops;argocd;help;discover'= {
        }
        &'rsops;argocd;help;help'= {
        }
        &'rsops;encrypt'= {
            cand --output 'Write the result to this file instead of standard output'
            cand -a 'Comma-separated age recipients'
            cand --age 'Comma-separated age recipients'
            cand -p 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)'
            cand --pgp 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)'
            cand -k 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)'
            cand --kms 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)'
            cand --aws-profile 'AWS profile to use for the KMS keys'
            cand --gcp-kms 'Comma-separated GCP KMS resource IDs'
            cand --hckms 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)'
            cand --azure-kv 'Comma-separated Azure Key Vault key URLs'
            cand --hc-vault-transit 'Comma-separated Vault transit key URIs'
            cand --encryption-context 'KMS encryption context, as key:value pairs separated by commas'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (Shamir threshold)'
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --unencrypted-suffix 'Leave values unencrypted when a key of their path ends with this suffix'
            cand --encrypted-suffix 'Encrypt only values with a key in their path ending with this suffix'
            cand --unencrypted-regex 'Leave values unencrypted when a key of their path matches this regex'
            cand --encrypted-regex 'Encrypt only values with a key in their path matching this regex'
            cand --filename-override 'Use this file name to choose formats and the creation rule'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -r 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --recursive 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --dry-run 'Print which files would be worked on, with which creation rule and keys, and change nothing'
            cand --json 'Print the report as one JSON object on standard output'
            cand -i 'Write the result back to the input file (atomically)'
            cand --in-place 'Write the result back to the input file (atomically)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;decrypt'= {
            cand --output 'Write the result to this file instead of standard output'
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --extract 'Print only the value at this tree path, e.g. ''["db"]["password"]'''
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --filename-override 'Use this file name to choose formats'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -r 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --recursive 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --dry-run 'Print which files would be worked on, with which creation rule and keys, and change nothing'
            cand --json 'Print the report as one JSON object on standard output'
            cand -i 'Write the result back to the input file (atomically)'
            cand --in-place 'Write the result back to the input file (atomically)'
            cand --ignore-mac 'Do not check the MAC (for files edited by hand; check them first)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;edit'= {
            cand -a 'Comma-separated age recipients'
            cand --age 'Comma-separated age recipients'
            cand -p 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)'
            cand --pgp 'Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)'
            cand -k 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)'
            cand --kms 'Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)'
            cand --aws-profile 'AWS profile to use for the KMS keys'
            cand --gcp-kms 'Comma-separated GCP KMS resource IDs'
            cand --hckms 'Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)'
            cand --azure-kv 'Comma-separated Azure Key Vault key URLs'
            cand --hc-vault-transit 'Comma-separated Vault transit key URIs'
            cand --encryption-context 'KMS encryption context, as key:value pairs separated by commas'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (Shamir threshold)'
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --unencrypted-suffix 'Leave values unencrypted when a key of their path ends with this suffix'
            cand --encrypted-suffix 'Encrypt only values with a key in their path ending with this suffix'
            cand --unencrypted-regex 'Leave values unencrypted when a key of their path matches this regex'
            cand --encrypted-regex 'Encrypt only values with a key in their path matching this regex'
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --ignore-mac 'Do not check the MAC (for files edited by hand; check them first)'
            cand -s 'Show the sops metadata block in the editor too (changes to it are refused)'
            cand --show-master-keys 'Show the sops metadata block in the editor too (changes to it are refused)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rsops;set'= {
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --shamir-secret-sharing-threshold 'Accepted for compatibility; sops does not use it for this command'
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --value-file 'Read the value from the file named by VALUE (keeps it out of process listings)'
            cand --value-stdin 'Read the value from standard input; VALUE is then not given'
            cand --idempotent 'Do nothing (and exit 0) when the path already has this value'
            cand --ignore-mac 'Do not check the MAC (for files edited by hand; check them first)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;unset'= {
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --shamir-secret-sharing-threshold 'Accepted for compatibility; sops does not use it for this command'
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --idempotent 'Do nothing (and exit 0) when the path does not exist'
            cand --ignore-mac 'Do not check the MAC (for files edited by hand; check them first)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;rotate'= {
            cand --output 'Write the result to this file instead of standard output'
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --add-kms 'Add these AWS KMS ARNs to the first key group'
            cand --rm-kms 'Remove these AWS KMS ARNs from every key group'
            cand --add-gcp-kms 'Add these GCP KMS resource IDs to the first key group'
            cand --rm-gcp-kms 'Remove these GCP KMS resource IDs from every key group'
            cand --add-hckms 'Add these HuaweiCloud KMS key IDs (region:key-uuid) to the first key group'
            cand --rm-hckms 'Remove these HuaweiCloud KMS key IDs from every key group'
            cand --add-azure-kv 'Add these Azure Key Vault key URLs to the first key group'
            cand --rm-azure-kv 'Remove these Azure Key Vault key URLs from every key group'
            cand --add-hc-vault-transit 'Add these Vault transit key URIs to the first key group'
            cand --rm-hc-vault-transit 'Remove these Vault transit key URIs from every key group'
            cand --add-age 'Add these age recipients to the first key group'
            cand --rm-age 'Remove these age recipients from every key group'
            cand --add-pgp 'Add these PGP fingerprints to the first key group'
            cand --rm-pgp 'Remove these PGP fingerprints from every key group'
            cand --encryption-context 'KMS encryption context for added KMS keys, as key:value pairs separated by commas'
            cand --filename-override 'Use this file name to choose formats'
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -i 'Write the result back to the input file (atomically)'
            cand --in-place 'Write the result back to the input file (atomically)'
            cand -r 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --recursive 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --dry-run 'Print which files would be worked on, with which creation rule and keys, and change nothing'
            cand --json 'Print the report as one JSON object on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;updatekeys'= {
            cand --input-type 'Input format; default: from the file name'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -y 'Make the changes without asking'
            cand --yes 'Make the changes without asking'
            cand -r 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --recursive 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --dry-run 'Print which files would be worked on, with which creation rule and keys, and change nothing'
            cand --json 'Print the report as one JSON object on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;groups'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a key group made of the given keys'
            cand delete 'Delete the key group at INDEX (numbered from 0)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;groups;add'= {
            cand -f 'The encrypted file'
            cand --file 'The encrypted file'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (Shamir threshold)'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --pgp 'PGP fingerprint for the new group (repeatable)'
            cand --kms 'AWS KMS ARN for the new group (repeatable)'
            cand --aws-profile 'AWS profile for the KMS keys'
            cand --gcp-kms 'GCP KMS resource ID for the new group (repeatable)'
            cand --hckms 'HuaweiCloud KMS key ID (region:key-uuid) for the new group (repeatable)'
            cand --azure-kv 'Azure Key Vault key URL for the new group (repeatable)'
            cand --hc-vault-transit 'Vault transit key URI for the new group (repeatable)'
            cand --age 'age recipient for the new group (repeatable)'
            cand --encryption-context 'KMS encryption context, as key:value pairs separated by commas'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -i 'Write the result back to the file instead of standard output'
            cand --in-place 'Write the result back to the file instead of standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;groups;delete'= {
            cand -f 'The encrypted file'
            cand --file 'The encrypted file'
            cand --shamir-secret-sharing-threshold 'Number of key groups needed to decrypt (Shamir threshold)'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -i 'Write the result back to the file instead of standard output'
            cand --in-place 'Write the result back to the file instead of standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;groups;help'= {
            cand add 'Add a key group made of the given keys'
            cand delete 'Delete the key group at INDEX (numbered from 0)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;groups;help;add'= {
        }
        &'rsops;groups;help;delete'= {
        }
        &'rsops;groups;help;help'= {
        }
        &'rsops;filestatus'= {
            cand --input-type 'Input format; default: from the file name'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -r 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --recursive 'Work on the files in the folders named: those .sops.yaml''s creation rules select, without .git and what .gitignore ignores'
            cand --dry-run 'Print which files would be worked on, with which creation rule and keys, and change nothing'
            cand --json 'Print the report as one JSON object on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;git'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -h 'Print help'
            cand --help 'Print help'
            cand textconv 'Print FILE decrypted, for git''s diff.rsops.textconv (the file as it is when it cannot be decrypted)'
            cand merge 'Merge driver: merge BASE and THEIRS into OURS value by value (git''s %O %A %B %P)'
            cand resolve 'Resolve a conflicted encrypted file from the versions in git''s index, without plaintext in the work tree'
            cand setup 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;git;textconv'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;git;merge'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;git;resolve'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --ours 'Take our value wherever both sides changed one differently'
            cand --theirs 'Take their value wherever both sides changed one differently'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;git;setup'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --global 'Write the git config to ~/.gitconfig instead of the repository''s'
            cand --check 'Change nothing; report what is missing and exit non-zero if anything is'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;git;help'= {
            cand textconv 'Print FILE decrypted, for git''s diff.rsops.textconv (the file as it is when it cannot be decrypted)'
            cand merge 'Merge driver: merge BASE and THEIRS into OURS value by value (git''s %O %A %B %P)'
            cand resolve 'Resolve a conflicted encrypted file from the versions in git''s index, without plaintext in the work tree'
            cand setup 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;git;help;textconv'= {
        }
        &'rsops;git;help;merge'= {
        }
        &'rsops;git;help;resolve'= {
        }
        &'rsops;git;help;setup'= {
        }
        &'rsops;git;help;help'= {
        }
        &'rsops;check'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --staged 'Check the staged content of the files staged for the next commit (for pre-commit hooks)'
            cand --strict 'Also report plaintext values under secret-looking keys (password, token, secret, private_key, …) outside encrypted files'
            cand --json 'Print the report as JSON on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;config'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -h 'Print help'
            cand --help 'Print help'
            cand explain 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;config;explain'= {
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;config;help'= {
            cand explain 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;config;help;explain'= {
        }
        &'rsops;config;help;help'= {
        }
        &'rsops;exec-env'= {
            cand --user 'Run the command as this user (rsops must run as root); sets HOME, USER and LOGNAME'
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --background 'Start the command and do not wait for it (deprecated in sops)'
            cand --pristine 'Give the command only the decrypted values, not rsops'' environment'
            cand --same-process 'Replace rsops with the command instead of starting a child process'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;exec-file'= {
            cand --user 'Run the command as this user (rsops must run as root); sets HOME, USER and LOGNAME'
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --filename 'Name of the temporary file (default: tmp-file)'
            cand --input-type 'Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --output-type 'Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops cannot read TOML files rsops encrypts'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --background 'Start the command and do not wait for it (deprecated in sops)'
            cand --no-fifo 'Write the plaintext to a regular 0600 file instead of a named pipe'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;keyservice'= {
            cand --network 'Network to listen on'
            cand --net 'Network to listen on'
            cand --address 'Address to listen on: host:port for tcp (loopback by default: the key service has no authentication), the socket''s path for unix (created 0600)'
            cand --addr 'Address to listen on: host:port for tcp (loopback by default: the key service has no authentication), the socket''s path for unix (created 0600)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand --prompt 'Ask on the terminal before answering each request'
            cand --verbose 'Log each request''s operation and key (never data)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;publish'= {
            cand --decryption-order 'Comma-separated key types to try first, e.g. age,pgp'
            cand --enable-local-keyservice 'Use this machine''s keys (the local key service); --enable-local-keyservice=false uses only the --keyservice servers'
            cand --keyservice 'Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the variable takes a comma-separated list)'
            cand --config 'Path to the .sops.yaml to use instead of searching from the working directory upward'
            cand -y 'Publish without asking first'
            cand --yes 'Publish without asking first'
            cand --omit-extensions 'Publish files under their names without the extension'
            cand --recursive 'Publish every file under the folder, named by its path below it'
            cand --verbose 'Say on standard error what was published where'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rsops;help'= {
            cand completion 'Print a shell completion script'
            cand krm 'Run as a Kustomize KRM function (ksops drop-in): ResourceList on stdin'
            cand plugin 'Install rsops as a Kustomize plugin (ksops drop-in)'
            cand argocd 'Argo CD Config Management Plugin commands'
            cand encrypt 'Encrypt a file, or standard input'
            cand decrypt 'Decrypt a file, or standard input'
            cand edit 'Edit an encrypted file in $SOPS_EDITOR or $EDITOR (creating it when it does not exist)'
            cand set 'Set one value of an encrypted file: FILE PATH VALUE'
            cand unset 'Remove one key or list element of an encrypted file: FILE PATH'
            cand rotate 'Make a new data key for a file, optionally adding or removing master keys'
            cand updatekeys 'Give files the keys of the .sops.yaml creation rule that applies to them'
            cand groups 'Add or delete key groups of an encrypted file'
            cand filestatus 'Print whether a file is sops-encrypted, as JSON'
            cand git 'Encrypted files in git: decrypted diffs, a merge driver, conflict resolution, set-up'
            cand check 'Leak gate: files .sops.yaml says must be encrypted but are not, broken or tampered sops files'
            cand config 'Explain the configuration: which .sops.yaml and creation rule apply to each path, and why'
            cand exec-env 'Run a command with the decrypted values in its environment'
            cand exec-file 'Run a command with the decrypted file in a temporary named pipe or file ({} is its path)'
            cand keyservice 'Serve this machine''s keys to sops and rsops clients (--keyservice) over gRPC, without authentication'
            cand publish 'Publish encrypted files to S3, GCS or Vault KV, as .sops.yaml''s destination_rules say'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rsops;help;completion'= {
        }
        &'rsops;help;krm'= {
        }
        &'rsops;help;plugin'= {
            cand install 'Copy rsops into DIR as `rsops` and `ksops` (mode 0755)'
            cand check 'List the ksops generators a `kustomize build DIR` would run and the flags each needs'
        }
        &'rsops;help;plugin;install'= {
        }
        &'rsops;help;plugin;check'= {
        }
        &'rsops;help;argocd'= {
            cand generate 'Print the application''s manifests, decrypted (the CMP `generate` command)'
            cand discover 'Print the file that makes this an rsops application, if any (the CMP `discover` command)'
        }
        &'rsops;help;argocd;generate'= {
        }
        &'rsops;help;argocd;discover'= {
        }
        &'rsops;help;encrypt'= {
        }
        &'rsops;help;decrypt'= {
        }
        &'rsops;help;edit'= {
        }
        &'rsops;help;set'= {
        }
        &'rsops;help;unset'= {
        }
        &'rsops;help;rotate'= {
        }
        &'rsops;help;updatekeys'= {
        }
        &'rsops;help;groups'= {
            cand add 'Add a key group made of the given keys'
            cand delete 'Delete the key group at INDEX (numbered from 0)'
        }
        &'rsops;help;groups;add'= {
        }
        &'rsops;help;groups;delete'= {
        }
        &'rsops;help;filestatus'= {
        }
        &'rsops;help;git'= {
            cand textconv 'Print FILE decrypted, for git''s diff.rsops.textconv (the file as it is when it cannot be decrypted)'
            cand merge 'Merge driver: merge BASE and THEIRS into OURS value by value (git''s %O %A %B %P)'
            cand resolve 'Resolve a conflicted encrypted file from the versions in git''s index, without plaintext in the work tree'
            cand setup 'Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects'
        }
        &'rsops;help;git;textconv'= {
        }
        &'rsops;help;git;merge'= {
        }
        &'rsops;help;git;resolve'= {
        }
        &'rsops;help;git;setup'= {
        }
        &'rsops;help;check'= {
        }
        &'rsops;help;config'= {
            cand explain 'Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets'
        }
        &'rsops;help;config;explain'= {
        }
        &'rsops;help;exec-env'= {
        }
        &'rsops;help;exec-file'= {
        }
        &'rsops;help;keyservice'= {
        }
        &'rsops;help;publish'= {
        }
        &'rsops;help;help'= {
        }
    ]
    $completions[$command]
}
