//! Chinese text takes Chinese punctuation (GB/T 15834): no ASCII `,` `;`
//! `:` `(` `)` between Chinese characters in any string of the apps, the
//! shared rules or the server (texts, messages, the demo story). Tests'
//! own data is not read: CSV files and markup there keep ASCII on purpose.

use std::path::{Path, PathBuf};

/// The source trees whose strings users read.
const TREES: [&str; 3] = ["../src", "src", "../server/src"];

/// Chinese characters and the punctuation that sits among them (，。“” …).
fn chinese(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF
        | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026 | 0x2014)
}

/// The ASCII marks in `text` that stand between Chinese on both sides (one
/// space after the mark allowed), with the character index of each.
fn misplaced(text: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, ',' | ';' | ':' | '(' | ')') || i == 0 {
            continue;
        }
        let before = chars[i - 1];
        let after = match chars.get(i + 1) {
            Some(' ') => chars.get(i + 2),
            other => other,
        };
        if chinese(before) && after.is_some_and(|&a| chinese(a)) {
            found.push((i, c));
        }
    }
    found
}

/// The string literals of one line of Rust (escapes kept as written);
/// a line that is a comment, or holds a `'"'` character literal, has none.
fn literals(line: &str) -> Vec<String> {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") || line.contains("'\"'") {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut text = String::new();
        let mut escaped = false;
        for c in chars.by_ref() {
            if escaped {
                text.push(c);
                escaped = false;
            } else if c == '\\' {
                text.push(c);
                escaped = true;
            } else if c == '"' {
                break;
            } else {
                text.push(c);
            }
        }
        found.push(text);
    }
    found
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn chinese_text_takes_chinese_punctuation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for tree in TREES {
        rust_files(&root.join(tree), &mut files);
    }
    assert!(
        files.len() > 50,
        "the trees were read: {} files",
        files.len()
    );
    let mut wrong = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("a readable source file");
        for (n, line) in source.lines().enumerate() {
            for text in literals(line) {
                if let Some((_, mark)) = misplaced(&text).first() {
                    wrong.push(format!(
                        "{}:{}: ASCII {mark:?} in {text:?}",
                        file.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "Chinese punctuation wanted (，；：（）):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_rule_finds_what_it_should_and_nothing_else() {
    assert_eq!(misplaced("临期(黄牌)"), vec![(2, '(')]);
    assert_eq!(misplaced("已保存在本机,联网后自动发送"), vec![(6, ',')]);
    assert_eq!(misplaced("撤回原因: 文号有误"), vec![(4, ':')]);
    assert_eq!(misplaced("意见;“可选”"), vec![(2, ';')]);
    assert!(misplaced("临期（黄牌），已保存：联网后").is_empty());
    assert!(misplaced("Unit: 市房产局, since 08:30 (Beijing)").is_empty());
    assert!(misplaced("[文字](https://example.org)").is_empty());
    assert_eq!(
        literals(r#"let a = ("一,二", "x\"y", 3); // "三,四""#),
        vec!["一,二".to_owned(), "x\\\"y".to_owned(), "三,四".to_owned()]
    );
    assert!(literals(r#"    // "一,二""#).is_empty());
}
