//! Text normalisation shared by the classifier, question grouping and phrase discovery.

/// Traditional → simplified for the characters live-room comments use most (a cheap subset,
/// sorted by the traditional character's code point for a binary search).
const T2S: &[(char, char)] = &[
    ('亞', '亚'),
    ('來', '来'),
    ('個', '个'),
    ('們', '们'),
    ('價', '价'),
    ('優', '优'),
    ('兒', '儿'),
    ('內', '内'),
    ('兩', '两'),
    ('別', '别'),
    ('則', '则'),
    ('動', '动'),
    ('務', '务'),
    ('區', '区'),
    ('厲', '厉'),
    ('員', '员'),
    ('問', '问'),
    ('啟', '启'),
    ('單', '单'),
    ('嗎', '吗'),
    ('國', '国'),
    ('團', '团'),
    ('報', '报'),
    ('塊', '块'),
    ('壞', '坏'),
    ('夠', '够'),
    ('學', '学'),
    ('實', '实'),
    ('寫', '写'),
    ('將', '将'),
    ('對', '对'),
    ('師', '师'),
    ('幾', '几'),
    ('廣', '广'),
    ('後', '后'),
    ('從', '从'),
    ('愛', '爱'),
    ('應', '应'),
    ('戲', '戏'),
    ('時', '时'),
    ('書', '书'),
    ('會', '会'),
    ('東', '东'),
    ('條', '条'),
    ('極', '极'),
    ('樣', '样'),
    ('機', '机'),
    ('歡', '欢'),
    ('歲', '岁'),
    ('氣', '气'),
    ('沒', '没'),
    ('為', '为'),
    ('無', '无'),
    ('現', '现'),
    ('畫', '画'),
    ('發', '发'),
    ('碼', '码'),
    ('種', '种'),
    ('稱', '称'),
    ('筆', '笔'),
    ('節', '节'),
    ('紅', '红'),
    ('級', '级'),
    ('經', '经'),
    ('網', '网'),
    ('練', '练'),
    ('習', '习'),
    ('聲', '声'),
    ('聽', '听'),
    ('腦', '脑'),
    ('與', '与'),
    ('處', '处'),
    ('號', '号'),
    ('親', '亲'),
    ('覺', '觉'),
    ('觀', '观'),
    ('試', '试'),
    ('說', '说'),
    ('誰', '谁'),
    ('課', '课'),
    ('請', '请'),
    ('講', '讲'),
    ('謝', '谢'),
    ('證', '证'),
    ('讀', '读'),
    ('讓', '让'),
    ('貴', '贵'),
    ('買', '买'),
    ('費', '费'),
    ('賣', '卖'),
    ('質', '质'),
    ('贊', '赞'),
    ('車', '车'),
    ('這', '这'),
    ('進', '进'),
    ('過', '过'),
    ('還', '还'),
    ('邊', '边'),
    ('錢', '钱'),
    ('錯', '错'),
    ('鏈', '链'),
    ('長', '长'),
    ('開', '开'),
    ('間', '间'),
    ('關', '关'),
    ('險', '险'),
    ('電', '电'),
    ('頁', '页'),
    ('題', '题'),
    ('顏', '颜'),
    ('風', '风'),
    ('體', '体'),
    ('麼', '么'),
    ('點', '点'),
];

fn t2s(c: char) -> char {
    T2S.binary_search_by_key(&c, |&(t, _)| t)
        .ok()
        .and_then(|i| T2S.get(i))
        .map_or(c, |p| p.1)
}

/// Whether `c` is a CJK ideograph.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Maps one character: full-width ASCII to ASCII, ideographic space to space, curly quotes to
/// straight ones, Latin to lower case, a few traditional characters to simplified ones.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
            .unwrap_or(c)
            .to_ascii_lowercase(),
        '\u{3000}' => ' ',
        '\u{2018}' | '\u{2019}' => '\'',
        '。' | '、' | '…' | '—' => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c if is_cjk(c) => t2s(c),
        c => c,
    }
}

/// Facts about a comment's shape that the classifier needs beside its words.
#[derive(Debug, Default, Clone, Copy)]
pub struct Shape {
    pub question_mark: bool,
    pub exclamation: bool,
    /// Any CJK ideograph or Latin letter.
    pub has_words: bool,
    pub positive_emoji: bool,
    pub negative_emoji: bool,
    /// 🙄 🙃 🙂 and similar: with a price they mark sarcasm.
    pub sarcasm_emoji: bool,
}

/// Normalises a comment for matching: folded characters, `[表情]` codes and emoji dropped,
/// punctuation turned into single spaces, padded with one space on each side so English cues
/// can be matched as whole words (`" hi "`). Also returns the comment's [`Shape`].
pub fn normalise(text: &str) -> (String, Shape) {
    let mut out = String::with_capacity(text.len() + 2);
    let mut shape = Shape::default();
    out.push(' ');
    let mut in_code = false;
    let mut last_space = true;
    for raw in text.chars() {
        let c = fold(raw);
        if in_code {
            // Douyin-style emoji codes: [赞] [捂脸] [玫瑰]
            if c == ']' {
                in_code = false;
            } else if matches!(c, '赞' | '玫' | '爱' | '心') {
                shape.positive_emoji = true;
            }
            continue;
        }
        match c {
            '[' => in_code = true,
            '?' => shape.question_mark = true,
            '!' => shape.exclamation = true,
            _ => {}
        }
        if c.is_alphanumeric() || c == '\'' || c == '$' || c == '%' || c == '@' || c == '+' {
            if is_cjk(c) || c.is_ascii_alphabetic() {
                shape.has_words = true;
            }
            out.push(c);
            last_space = false;
            continue;
        }
        classify_symbol(c, &mut shape);
        if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    if !last_space {
        out.push(' ');
    }
    (out, shape)
}

fn classify_symbol(c: char, shape: &mut Shape) {
    match c {
        '❤' | '💕' | '💖' | '😍' | '🥰' | '👍' | '👏' | '🌹' | '🔥' | '🎉' | '🙌' | '💯' | '😊'
        | '✨' | '💪' | '🤩' => shape.positive_emoji = true,
        '👎' | '😡' | '😤' | '💔' | '😠' | '🤬' => shape.negative_emoji = true,
        '🙄' | '🙃' | '🙂' | '😏' => shape.sarcasm_emoji = true,
        _ => {}
    }
}

/// The characters of a normalised text that matter for similarity: no spaces, no mentions.
pub fn key_chars(text: &str) -> Vec<char> {
    let (n, _) = normalise(text);
    let mut out = Vec::with_capacity(n.len());
    let mut skip_mention = false;
    for c in n.chars() {
        if c == '@' {
            skip_mention = true;
            continue;
        }
        if c == ' ' {
            skip_mention = false;
            continue;
        }
        if !skip_mention {
            out.push(c);
        }
    }
    out
}
