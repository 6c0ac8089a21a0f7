//! INI files cross between rsops and the real sops 3.11 in both
//! directions, come back from rsops byte for byte, and fail like sops.

mod common;

use common::{both_fail, both_print_the_same, check_corpus_with_sops, decrypt, encrypt, Scratch};

#[test]
fn corpus_round_trips_and_crosses_with_sops_both_ways() {
    check_corpus_with_sops("ini");
}

/// docs/format.md §1.3: keys before any section have the AAD
/// `DEFAULT:<key>:`, so a value moved between sections no longer decrypts,
/// in both tools.
#[test]
fn keys_before_any_section_are_in_default() {
    let s = Scratch::new();
    let file = s.write("a.ini", "top = secret\n[s]\nk = v\n");
    let enc = String::from_utf8(encrypt(&s, false, &file)).unwrap();
    let top = enc.lines().find(|l| l.starts_with("top = ")).unwrap();
    let token = &top["top = ".len()..];
    s.write("a.enc.ini", &enc);
    let out = both_print_the_same(&s, &["decrypt", "--output-type", "json", "a.enc.ini"]);
    assert!(String::from_utf8(out)
        .unwrap()
        .starts_with("{\n\t\"DEFAULT\": {\n\t\t\"top\": \"secret\"\n\t},"));
    let moved = enc.replacen("k = ", &format!("k = {token}\nold = "), 1);
    s.write("moved.ini", moved);
    both_fail(&s, &["decrypt", "--ignore-mac", "moved.ini"], 25);
}

#[test]
fn a_sops_section_in_a_plain_file_is_exit_203() {
    let s = Scratch::new();
    s.write("plain.ini", "[a]\nk = v\n[sops]\nversion = 3.11.0\n");
    both_fail(&s, &["encrypt", "--age", &s.recipient, "plain.ini"], 203);
}

/// Malformed lines are rejected by both tools with exit 2; rsops names the
/// file and the line and leaves the file as it was.
#[test]
fn malformed_files_are_exit_2_with_the_line_and_left_untouched() {
    let s = Scratch::new();
    for (text, line) in [
        ("[s]\nk = v\nno delimiter here\n", 3),
        ("[s]\n= value\n", 2),
        ("[s]\nk = v\n[unclosed\n", 3),
        ("[]\nk = v\n", 1),
        ("[s]\nk = \"\"\"never closed\nmore\n", 2),
        ("[s]\n\"\" = v\n", 2),
    ] {
        s.write("bad.ini", text);
        let err = both_fail(&s, &["encrypt", "-i", "--age", &s.recipient, "bad.ini"], 2);
        assert!(
            err.contains("bad.ini") && err.contains(&format!("line {line}")),
            "{text:?}: {err}"
        );
        assert_eq!(s.read("bad.ini"), text.as_bytes(), "{text:?}");
    }
}

/// go-ini's rules decide the secret: `;` starts a comment, quotes around a
/// value are removed, `"""` values span lines. Both tools see the same
/// values, as JSON shows.
#[test]
fn values_are_read_as_go_ini_reads_them() {
    let s = Scratch::new();
    let file = s.write(
        "v.ini",
        "top = t\n[s]\npassword = hunter2 ; not part of it\nq = \" padded \"\nb = `a;b`\nm = \"\"\"l1\nl2\"\"\"\nc = one \\\n  two\nu = é ✓\n",
    );
    s.write("v.enc.ini", encrypt(&s, false, &file));
    let out = both_print_the_same(&s, &["decrypt", "--output-type", "json", "v.enc.ini"]);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\n\t\"DEFAULT\": {\n\t\t\"top\": \"t\"\n\t},\n\t\"s\": {\n\t\t\"password\": \"hunter2\",\n\t\t\"q\": \" padded \",\n\t\t\"b\": \"a;b\",\n\t\t\"m\": \"l1\\nl2\",\n\t\t\"c\": \"one two\",\n\t\t\"u\": \"é ✓\"\n\t}\n}\n"
    );
}

/// Written anew (from JSON), INI looks as go-ini writes it: `=` aligned,
/// quoting where needed, a blank line between sections.
#[test]
fn json_decrypts_to_ini_as_sops_writes_it() {
    let s = Scratch::new();
    let file = s.write(
        "d.json",
        r#"{"sec": {"s": "x\ny", "n": 1000, "t": true, "z": null, "e": "", "sp": " a ", "semi": "a;b", "bt": "a`b"}, "s2": {"nested": {"a": 1}, "l": [1, 2]}}"#,
    );
    s.write("d.enc.json", encrypt(&s, true, &file));
    let out = both_print_the_same(&s, &["decrypt", "--output-type", "ini", "d.enc.json"]);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "[sec]\ns    = \"\"\"x\ny\"\"\"\nn    = 1000.0\nt    = true\nz    = <nil>\ne    = \nsp   = \" a \"\nsemi = `a;b`\nbt   = \"\"\"a`b\"\"\"\n\n[s2]\nnested = [{a 1}]\nl      = [1 2]\n"
    );
    let flat = s.write("f.json", r#"{"a": 1}"#);
    s.write("f.enc.json", encrypt(&s, true, &flat));
    both_fail(&s, &["decrypt", "--output-type", "ini", "f.enc.json"], 4);
}

/// sops 3.13.0 and 3.13.1 wrote metadata values with real newlines (go-ini
/// quotes them with `"""`); 3.13.2 went back to `\n`. rsops reads both.
#[test]
fn metadata_with_triple_quoted_newlines_from_sops_3_13_0_is_read() {
    let s = Scratch::new();
    let file = s.write("a.ini", "[s]\nk = v\n");
    let enc = String::from_utf8(encrypt(&s, true, &file)).unwrap();
    let old_style: String = enc
        .lines()
        .map(|l| match l.split_once(" = -----BEGIN") {
            Some((key, rest)) => format!(
                "{key} = \"\"\"-----BEGIN{}\"\"\"\n",
                rest.replace("\\n", "\n")
            ),
            None => format!("{l}\n"),
        })
        .collect();
    assert!(old_style.contains("\"\"\"-----BEGIN AGE ENCRYPTED FILE-----\n"));
    let old = s.write("old.ini", old_style);
    assert_eq!(decrypt(&s, false, &old, &[]), b"[s]\nk = v\n");
}

/// The encrypted layout: the user's lines with values and comments
/// replaced, a bare `;` where a comment continues, and a `[sops]` section
/// with `=` aligned, sorted by name.
#[test]
fn encrypted_layout() {
    let s = Scratch::new();
    let text = "; about the file\n[db]\nuser=admin\n; two\n; lines\npassword = \"hunter 2\" ; inline\n\n[public]\nhost_unencrypted = example.org\n";
    let (_, enc) = common::rsops_encrypted(&s, "a.ini", text);
    insta::assert_snapshot!(common::redact(&enc));
}
