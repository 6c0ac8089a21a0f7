//! `set`, `unset` and legacy `--set` against the reference sops: files
//! written by one decrypt with the other, the exit codes of the error cases
//! match, and a change shows in a diff as just that entry.

mod common;

use common::{both_fail, decrypt, encrypt, fails, ok, rsops_encrypted, Scratch};

/// A commented file as a person writes it: two-space indentation, a
/// comment after a value, a mapping inside a list.
const COMMENTED: &str = "# Database settings\ndb:\n  user: admin # the login\n  password: s3cret\n  # the port\n  port: 5432\nlist:\n  - a\n  - name: x\n    v: 1\nlast: true\n";

/// The `ENC[...]` strings of a file, in order.
fn enc_values(text: &str) -> Vec<&str> {
    text.match_indices("ENC[")
        .map(|(i, _)| {
            let end = text[i..].find(']').map_or(text.len(), |e| i + e + 1);
            &text[i..end]
        })
        .collect()
}

/// Lines of `after` that are not in `before` and the other way round,
/// ignoring the metadata block (the MAC and lastmodified always change).
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let data = |t: &str| -> Vec<String> {
        t.lines()
            .take_while(|l| {
                !["sops:", "sops_", "[sops]"]
                    .iter()
                    .any(|m| l.starts_with(m))
            })
            .map(str::to_owned)
            .collect()
    };
    let (b, a) = (data(before), data(after));
    let added = a.iter().filter(|l| !b.contains(l)).cloned().collect();
    let removed = b.iter().filter(|l| !a.contains(l)).cloned().collect();
    (added, removed)
}

#[test]
fn set_changes_only_that_line_and_keeps_every_other_ciphertext() {
    let s = Scratch::new();
    let (path, before) = rsops_encrypted(&s, "c.yaml", COMMENTED);
    let mut c = s.rsops();
    c.args(["set"])
        .arg(&path)
        .args([r#"["db"]["password"]"#, r#""n3w""#]);
    ok(c);
    let after = String::from_utf8(s.read("enc-c.yaml")).unwrap();
    let (added, removed) = changed_lines(&before, &after);
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].starts_with("  password: ENC["), "{added:?}");
    assert_eq!(removed.len(), 1, "{removed:?}");
    let (old, new) = (enc_values(&before), enc_values(&after));
    assert_eq!(old.len(), new.len());
    let differing: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    // The password and the MAC (the last ENC of the file).
    assert_eq!(differing.len(), 2, "{differing:?}");
    assert_eq!(differing[1], old.len() - 1);
    assert_eq!(
        String::from_utf8(decrypt(&s, false, &path, &[])).unwrap(),
        COMMENTED.replace("s3cret", "n3w")
    );
    decrypt(&s, true, &path, &[]);
}

#[test]
fn a_new_key_lands_after_the_last_entry_of_its_mapping_and_unset_removes_it() {
    let s = Scratch::new();
    let (path, before) = rsops_encrypted(&s, "c.yaml", COMMENTED);
    let mut c = s.rsops();
    c.arg("set")
        .arg(&path)
        .args([r#"["db"]["host"]"#, r#""db.local""#]);
    ok(c);
    let after = String::from_utf8(s.read("enc-c.yaml")).unwrap();
    let (added, removed) = changed_lines(&before, &after);
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(added.len(), 1, "{added:?}");
    let lines: Vec<&str> = after.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("  host: ENC["))
        .unwrap();
    assert!(lines[at - 1].starts_with("  port: ENC["), "{after}");
    assert_eq!(
        String::from_utf8(decrypt(&s, false, &path, &[])).unwrap(),
        COMMENTED.replace("  port: 5432\n", "  port: 5432\n  host: db.local\n")
    );
    decrypt(&s, true, &path, &[]);
    let mut c = s.rsops();
    c.arg("unset").arg(&path).arg(r#"["db"]["host"]"#);
    ok(c);
    let back = String::from_utf8(s.read("enc-c.yaml")).unwrap();
    assert_eq!(changed_lines(&before, &back), (vec![], vec![]));
    let (old, new) = (enc_values(&before), enc_values(&back));
    assert_eq!(old[..old.len() - 1], new[..new.len() - 1]);
}

#[test]
fn nested_values_and_list_elements_keep_the_layout() {
    let s = Scratch::new();
    let (path, before) = rsops_encrypted(&s, "n.yaml", COMMENTED);
    let steps: [&[&str]; 4] = [
        &["set", r#"["new"]"#, r#"{"a":{"b":[1,"x"]}}"#],
        &["set", r#"["list"][1]["w"]"#, r#""in a list""#],
        &["unset", r#"["list"][1]["name"]"#],
        &["unset", r#"["db"]["user"]"#],
    ];
    for step in steps {
        let mut c = s.rsops();
        c.arg(step[0]).arg(&path).args(&step[1..]);
        ok(c);
    }
    let after = String::from_utf8(s.read("enc-n.yaml")).unwrap();
    let (added, removed) = changed_lines(&before, &after);
    let starts = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .map(|l| l.split("ENC[").next().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(
        starts(&removed),
        ["  user: ", "  - name: ", "    v: "],
        "{after}"
    );
    assert_eq!(
        starts(&added),
        ["  #", "  - v: ", "    w: ", "new:", "  a:", "    b:", "      - ", "      - "],
        "{after}"
    );
    assert_eq!(
        String::from_utf8(decrypt(&s, false, &path, &[])).unwrap(),
        "# Database settings\ndb:\n  # the login\n  password: s3cret\n  # the port\n  port: 5432\nlist:\n  - a\n  - v: 1\n    w: in a list\nlast: true\nnew:\n  a:\n    b:\n      - 1\n      - x\n"
    );
    decrypt(&s, true, &path, &[]);
}

#[test]
fn unset_removes_just_that_entry_in_each_format() {
    let cases = [
        ("u.yaml", COMMENTED, r#"["db"]["password"]"#, "password:"),
        ("u.env", "# c\nA=1\nB=two\nC=3\n", r#"["B"]"#, "B="),
        (
            "u.ini",
            "; top\n[sec]\nk = v\nm = w\n\n[other]\nq = r\n",
            r#"["sec"]["k"]"#,
            "k =",
        ),
    ];
    for (name, text, path_expr, key) in cases {
        let s = Scratch::new();
        let (path, before) = rsops_encrypted(&s, name, text);
        let mut c = s.rsops();
        c.arg("unset").arg(&path).arg(path_expr);
        ok(c);
        let after = String::from_utf8(s.read(&format!("enc-{name}"))).unwrap();
        let (added, removed) = changed_lines(&before, &after);
        assert!(added.is_empty(), "{name}: {added:?}");
        assert_eq!(removed.len(), 1, "{name}: {removed:?}");
        assert!(
            removed[0].trim_start().starts_with(key),
            "{name}: {removed:?}"
        );
        decrypt(&s, true, &path, &[]);
    }
}

#[test]
fn set_adds_a_key_as_one_line_in_dotenv_and_ini() {
    let cases = [
        ("a.env", "# c\nA=1\nB=two\n", r#"["C"]"#, "C="),
        (
            "a.ini",
            "; top\n[sec]\nk = v\n\n[other]\nq = r\n",
            r#"["sec"]["n"]"#,
            "n =",
        ),
    ];
    for (name, text, path_expr, key) in cases {
        let s = Scratch::new();
        let (path, before) = rsops_encrypted(&s, name, text);
        let mut c = s.rsops();
        c.arg("set").arg(&path).args([path_expr, r#""new""#]);
        ok(c);
        let after = String::from_utf8(s.read(&format!("enc-{name}"))).unwrap();
        let (added, removed) = changed_lines(&before, &after);
        assert!(removed.is_empty(), "{name}: {removed:?}");
        assert_eq!(added.len(), 1, "{name}: {added:?}");
        assert!(added[0].starts_with(key), "{name}: {added:?}");
        let plain = String::from_utf8(decrypt(&s, true, &path, &[])).unwrap();
        assert!(plain.contains("new"), "{name}: {plain}");
    }
}

#[test]
fn files_set_by_sops_and_by_rsops_decrypt_alike() {
    let s = Scratch::new();
    let plain = s.write("p.yaml", COMMENTED);
    let by_sops = s.write("s.yaml", encrypt(&s, true, &plain));
    let by_rsops = s.write("r.yaml", encrypt(&s, false, &plain));
    let steps = [
        vec!["set", r#"["db"]["password"]"#, r#""x""#],
        vec![
            "set",
            r#"["new"]["deep"][0]"#,
            r#"{"b":1,"a":[true,null,"s"]}"#,
        ],
        vec!["set", r#"["list"][7]"#, "2.5"],
        vec!["unset", r#"["list"][0]"#],
        vec!["unset", r#"["db"]["user"]"#],
    ];
    // Each tool changes the file the other one wrote.
    for (tool, file) in [("rsops", &by_sops), ("sops", &by_rsops)] {
        for step in &steps {
            let mut c = s.tool(tool);
            c.arg(step[0]).arg(file).args(&step[1..]);
            ok(c);
        }
    }
    let sops_view = decrypt(&s, true, &by_sops, &[]);
    common::assert_same(
        &decrypt(&s, true, &by_rsops, &[]),
        &sops_view,
        "the same changes by sops and by rsops give different data",
    );
    common::assert_same(
        &decrypt(&s, false, &by_sops, &[]),
        &sops_view,
        "rsops reads the file differently from sops",
    );
}

#[test]
fn legacy_set_and_value_sources() {
    let s = Scratch::new();
    let (path, _) = rsops_encrypted(&s, "l.yaml", COMMENTED);
    let mut c = s.rsops();
    c.args(["--set", r#"['db'] {"a":1}"#]).arg(&path);
    ok(c);
    let value = s.write("value.json", r#""from a file""#);
    let mut c = s.rsops();
    c.args(["set", "--value-file"])
        .arg(&path)
        .arg(r#"["f"]"#)
        .arg(&value);
    ok(c);
    let mut c = s.rsops();
    c.args(["set", "--value-stdin"]).arg(&path).arg(r#"["g"]"#);
    c.stdin(std::fs::File::open(&value).unwrap());
    ok(c);
    let plain = String::from_utf8(decrypt(&s, true, &path, &[])).unwrap();
    assert!(plain.contains("db:\n    a: 1\n"), "{plain}");
    assert!(
        plain.ends_with("f: from a file\ng: from a file\n"),
        "{plain}"
    );
}

#[test]
fn idempotent_no_ops_leave_the_file_alone() {
    let s = Scratch::new();
    let (path, before) = rsops_encrypted(&s, "i.yaml", COMMENTED);
    let name = path.to_str().unwrap();
    for tool in ["sops", "rsops"] {
        for args in [
            vec![
                "set",
                "--idempotent",
                name,
                r#"["db"]["user"]"#,
                r#""admin""#,
            ],
            vec!["unset", "--idempotent", name, r#"["nope"]"#],
            vec!["unset", "--idempotent", name, r#"["list"][9]"#],
        ] {
            let mut c = s.tool(tool);
            c.args(&args);
            ok(c);
            assert_eq!(
                String::from_utf8(s.read("enc-i.yaml")).unwrap(),
                before,
                "{tool} {args:?} wrote the file"
            );
        }
    }
}

#[test]
fn error_cases_exit_as_sops_does() {
    let s = Scratch::new();
    let (path, _) = rsops_encrypted(&s, "e.yaml", COMMENTED);
    let f = path.to_str().unwrap();
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["set", "missing.yaml", r#"["a"]"#, "1"], 2),
        (vec!["unset", "missing.yaml", r#"["a"]"#], 2),
        (vec!["set", f, "bad", "1"], 7),
        (vec!["set", f, r#"["a""#, "1"], 7),
        (vec!["unset", f, "bad"], 7),
        (vec!["set", f, r#"["a"]"#, "{bad"], 7),
        (vec!["set", f, r#"["a"]"#], 100),
        (vec!["set", f, r#"["a"]"#, "1", "2"], 100),
        (vec!["set", "--value-stdin", f, r#"["a"]"#, "1"], 100),
        (
            vec!["set", "--value-file", "--value-stdin", f, r#"["a"]"#, "1"],
            1,
        ),
        (
            vec!["set", "--value-file", f, r#"["a"]"#, "/nonexistent"],
            1,
        ),
        (vec!["unset", f], 100),
        (vec!["unset", f, r#"["db"]"#, "extra"], 100),
        (vec!["unset", f, r#"["nope"]"#], 1),
        (vec!["unset", f, r#"["list"][5]"#], 1),
        (vec!["unset", f, r#"["last"]["x"]"#], 1),
        (vec!["--set", r#"["db"]1"#, f], 7),
        (vec!["--set", r#"["db"] bad"#, f], 7),
    ];
    for (args, code) in cases {
        both_fail(&s, &args, code);
    }
    // Without the key the file does not open (sops: exit 128).
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .args(["set", f, r#"["a"]"#, "1"]);
    fails(c, 128);
}
