//! Layout shared by drawing and hit testing: theme and palette, axis scales with nice ticks,
//! number formatting, approximate text metrics and the [`Frame`] (pixel rectangles of the plot,
//! title, legend, axes). Text widths are estimated from character classes rather than measured,
//! so the layout is identical on every backend and computable without a font (hit testing).

use super::spec::{at, at_f, clean, ChartKind, ChartSpec};
use plotters::style::RGBColor;

/// How to draw: `scale` is the device pixel ratio (multiplies font sizes, line widths and
/// margins), `dark` selects the dark theme, `font_family` is a CSS family name.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    pub scale: f64,
    pub dark: bool,
    pub font_family: String,
    /// Draw dense grids (heatmaps) as one bitmap through `DrawingBackend::blit_bitmap`. Only
    /// worth it when the backend implements blitting natively (the bitmap backend does; the
    /// SVG backend and plotters-canvas fall back to one rectangle per pixel). When false,
    /// grids are blitted only when cells are smaller than about 2×2 pixels.
    pub blit: bool,
    /// Natively: rasterise text with our own ab_glyph renderer (set by [`super::native`]).
    pub(crate) raster_text: bool,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            scale: 1.0,
            dark: false,
            font_family: "sans-serif".to_owned(),
            blit: false,
            raster_text: false,
        }
    }
}

impl ChartStyle {
    /// Scale clamped to a sane range (NaN → 1).
    pub(crate) fn s(&self) -> f64 {
        if self.scale.is_finite() {
            self.scale.clamp(0.25, 8.0)
        } else {
            1.0
        }
    }
}

/// Colours of one theme.
pub(crate) struct Theme {
    pub bg: RGBColor,
    pub fg: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub missing: RGBColor,
    pub palette: [RGBColor; 8],
    /// Sequential ramp for heatmaps, low → high.
    pub ramp: &'static [(u8, u8, u8)],
}

const RAMP_LIGHT: &[(u8, u8, u8)] = &[
    (0xef, 0xf5, 0xfb),
    (0xc6, 0xdb, 0xef),
    (0x9e, 0xca, 0xe1),
    (0x6b, 0xae, 0xd6),
    (0x42, 0x92, 0xc6),
    (0x21, 0x71, 0xb5),
    (0x08, 0x51, 0x9c),
    (0x08, 0x30, 0x6b),
];
const RAMP_DARK: &[(u8, u8, u8)] = &[
    (0x1a, 0x26, 0x33),
    (0x1d, 0x3f, 0x66),
    (0x1f, 0x5a, 0x96),
    (0x2f, 0x7b, 0xc4),
    (0x55, 0x9f, 0xe0),
    (0x8e, 0xc3, 0xf0),
    (0xcf, 0xe6, 0xfa),
];
/// Viridis (colour-blind friendly, perceptually uniform) for continuous scatter colouring.
pub(crate) const VIRIDIS: &[(u8, u8, u8)] = &[
    (0x44, 0x01, 0x54),
    (0x47, 0x2c, 0x7a),
    (0x3b, 0x51, 0x8b),
    (0x2c, 0x71, 0x8e),
    (0x21, 0x90, 0x8d),
    (0x27, 0xad, 0x81),
    (0x5c, 0xc8, 0x63),
    (0xaa, 0xdc, 0x32),
    (0xfd, 0xe7, 0x25),
];

impl Theme {
    pub fn new(dark: bool) -> Theme {
        let c = |h: u32| RGBColor((h >> 16) as u8, (h >> 8) as u8, h as u8);
        if dark {
            Theme {
                bg: c(0x161b22),
                fg: c(0xe6edf3),
                muted: c(0x9da7b3),
                grid: c(0x2a313a),
                axis: c(0x6e7681),
                missing: c(0x21262d),
                // Okabe–Ito hues, lightened for a dark background.
                palette: [
                    c(0x4ea3e6),
                    c(0xf0a92e),
                    c(0x2cc193),
                    c(0xf07a3a),
                    c(0x8fd0f5),
                    c(0xe08fc0),
                    c(0xb8bec6),
                    c(0xf0e442),
                ],
                ramp: RAMP_DARK,
            }
        } else {
            Theme {
                bg: c(0xffffff),
                fg: c(0x1f2328),
                muted: c(0x59636e),
                grid: c(0xe8ebef),
                axis: c(0x8c959f),
                missing: c(0xf3f4f6),
                // Okabe–Ito: distinguishable with the common colour-vision deficiencies.
                palette: [
                    c(0x0072b2),
                    c(0xe69f00),
                    c(0x009e73),
                    c(0xd55e00),
                    c(0x56b4e9),
                    c(0xcc79a7),
                    c(0x6e7781),
                    c(0xd4c21a),
                ],
                ramp: RAMP_LIGHT,
            }
        }
    }

    pub fn color(&self, i: usize) -> RGBColor {
        self.palette[i % self.palette.len()]
    }
}

/// Linear interpolation in a list of colour stops, `t` in [0, 1].
pub(crate) fn ramp_color(stops: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let n = stops.len().saturating_sub(1);
    let pos = t * n as f64;
    let i = (pos.floor() as usize).min(n.saturating_sub(1));
    let f = pos - i as f64;
    let (a, b) = (stops.get(i), stops.get(i + 1).or(stops.get(i)));
    match (a, b) {
        (Some(a), Some(b)) => {
            let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
            RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
        }
        _ => RGBColor(128, 128, 128),
    }
}

/// Relative luminance in [0, 1] (for picking text colour on a filled cell).
pub(crate) fn luminance(c: RGBColor) -> f64 {
    (0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64) / 255.0
}

// ---------------------------------------------------------------------------------------------
// Text metrics and number formatting

/// Font sizes in plotters units (the em is `size / 1.24` pixels on canvas and SVG).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub title: f64,
    pub note: f64,
    pub label: f64,
    pub tick: f64,
    pub value: f64,
}

impl Sizes {
    fn new(s: f64) -> Sizes {
        Sizes {
            title: 19.0 * s,
            note: 14.0 * s,
            label: 15.0 * s,
            tick: 14.0 * s,
            value: 13.0 * s,
        }
    }
}

/// Pixel height of one line of text of plotters size `size`.
pub(crate) fn em(size: f64) -> f64 {
    size / 1.24
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Estimated rendered width in pixels of `text` at plotters size `size`.
pub(crate) fn text_w(text: &str, size: f64) -> f64 {
    let units: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.3,
            'm' | 'w' | 'M' | 'W' | '%' => 0.85,
            'A'..='Z' => 0.65,
            '0'..='9' => 0.57,
            c if c.is_ascii() => 0.52,
            c if is_wide(c) => 1.0,
            _ => 0.6,
        })
        .sum();
    units * em(size)
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// `text` cut so that it fits in `width` pixels (empty if not even one character fits).
pub(crate) fn fit(text: &str, size: f64, width: f64) -> String {
    let n = text.chars().count();
    (1..=n)
        .rev()
        .map(|k| truncate(text, k))
        .find(|t| text_w(t, size) <= width)
        .unwrap_or_default()
}

fn group_thousands(int: &str) -> String {
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

/// Fixed decimals with thousands separators ("12,345.6").
fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let int = if int == "-0" { "0" } else { int };
    match frac {
        Some(f) => format!("{}.{f}", group_thousands(int)),
        None => group_thousands(int),
    }
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A value for labels and tooltips: "12.3k", "1.2M", "1,234", "0.372", or "12.5%" when
/// `percent` (value is a fraction).
pub fn fmt_value(v: f64, percent: bool) -> String {
    fmt_scaled(v, percent, v.abs())
}

/// Like [`fmt_value`] but with the unit (k, M, ...) chosen for `reference` (the largest
/// magnitude among values shown together), so labels of one chart read alike.
pub(crate) fn fmt_scaled(v: f64, percent: bool, reference: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    if percent {
        return if v.abs() < 1e6 {
            format!("{}%", fixed(v * 100.0, 1))
        } else {
            format!("{:.2e}%", v * 100.0)
        };
    }
    let a = v.abs();
    let r = if reference.is_finite() {
        reference.max(a)
    } else {
        a
    };
    for (min, unit, suffix) in [
        (1e12, 1e12, "T"),
        (1e9, 1e9, "B"),
        (1e6, 1e6, "M"),
        (1e4, 1e3, "k"),
    ] {
        if r >= min {
            let scaled = v / unit;
            if scaled.abs() >= 1000.0 {
                return format!("{v:.3e}");
            }
            return format!("{}{suffix}", trim_zeros(format!("{scaled:.1}")));
        }
    }
    if v.fract() == 0.0 {
        fixed(v, 0)
    } else if a >= 100.0 {
        trim_zeros(fixed(v, 1))
    } else if a >= 1.0 {
        trim_zeros(fixed(v, 2))
    } else {
        trim_zeros(format!("{v:.3}"))
    }
}

/// A value for data tables: full precision up to 4 decimals ("12,345.678", "12.35%"); empty
/// for non-finite values.
pub fn fmt_exact(v: f64, percent: bool) -> String {
    if !v.is_finite() {
        String::new()
    } else if v.abs() >= 1e15 {
        format!("{v:e}")
    } else if percent {
        format!("{}%", trim_zeros(fixed(v * 100.0, 2)))
    } else {
        trim_zeros(fixed(v, 4))
    }
}

/// Minutes as "h:mm" ("-0:05" for negative).
pub(crate) fn fmt_minutes(m: f64) -> String {
    let total = m.abs().round() as i64;
    let sign = if m < 0.0 && total > 0 { "-" } else { "" };
    format!("{sign}{}:{:02}", total / 60, total % 60)
}

/// Axis number format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fmt {
    Plain,
    Percent,
    Minutes,
}

// ---------------------------------------------------------------------------------------------
// Scales

/// A linear map from data `d0..d1` to pixels `p0..p1`, with its ticks.
#[derive(Debug, Clone)]
pub(crate) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
    pub ticks: Vec<f64>,
    pub step: f64,
    pub fmt: Fmt,
}

fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nf = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|&n| f <= n + 1e-9)
        .unwrap_or(10.0);
    nf * mag
}

fn time_step(raw: f64) -> f64 {
    if raw < 1.0 {
        return nice_step(raw);
    }
    const STEPS: [f64; 11] = [1., 2., 5., 10., 15., 30., 60., 120., 180., 360., 720.];
    STEPS
        .into_iter()
        .find(|&s| raw <= s)
        .unwrap_or_else(|| nice_step(raw / 1440.0) * 1440.0)
}

impl Scale {
    /// A scale over `lo..hi` with about `n` ticks. `extend` widens the domain to whole ticks
    /// (value axes); otherwise the domain is the data range (time axes).
    pub fn new(lo: f64, hi: f64, n: usize, fmt: Fmt, extend: bool) -> Scale {
        let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        if hi - lo <= hi.abs().max(lo.abs()) * 1e-12 {
            let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= if lo == 0.0 && fmt != Fmt::Minutes {
                0.0
            } else {
                d
            };
            hi += d;
        }
        let raw = (hi - lo) / n.max(1) as f64;
        let step = if fmt == Fmt::Minutes {
            time_step(raw)
        } else {
            nice_step(raw)
        };
        if extend {
            lo = (lo / step).floor() * step;
            hi = (hi / step).ceil() * step;
        }
        let first = (lo / step - 1e-9).ceil();
        let last = (hi / step + 1e-9).floor();
        let count = (last - first).clamp(0.0, 60.0) as usize;
        let ticks = (0..=count)
            .map(|i| (first + i as f64) * step)
            .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
            .collect();
        Scale {
            d0: lo,
            d1: hi,
            p0: 0.0,
            p1: 1.0,
            ticks,
            step,
            fmt,
        }
    }

    pub fn with_pixels(mut self, p0: f64, p1: f64) -> Scale {
        self.p0 = p0;
        self.p1 = p1;
        self
    }

    /// Pixel of a data value.
    pub fn px(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 || !span.is_finite() {
            return self.p0;
        }
        self.p0 + (v - self.d0) / span * (self.p1 - self.p0)
    }

    /// Pixel of a data value, clamped to the scale's pixel range.
    pub fn px_clamped(&self, v: f64) -> f64 {
        let (a, b) = (self.p0.min(self.p1), self.p0.max(self.p1));
        self.px(v).clamp(a, b)
    }

    pub fn label(&self, v: f64) -> String {
        match self.fmt {
            Fmt::Minutes if self.step >= 1.0 => fmt_minutes(v),
            Fmt::Percent if self.step.abs() < 1e4 => {
                let d = (-(self.step * 100.0).log10() - 1e-9).ceil().clamp(0.0, 6.0) as usize;
                format!("{}%", fixed(v * 100.0, d))
            }
            _ => {
                let m = self.ticks.iter().fold(0f64, |a, t| a.max(t.abs()));
                let (unit, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e4, "k")]
                    .into_iter()
                    .find(|(u, _)| m >= *u)
                    .map_or((1.0, ""), |(u, s)| (if u == 1e4 { 1e3 } else { u }, s));
                if m >= 1e15 {
                    return format!("{v:.2e}");
                }
                if v == 0.0 {
                    return "0".to_owned();
                }
                let d = (-(self.step / unit).log10() - 1e-9).ceil().clamp(0.0, 6.0) as usize;
                format!("{}{suffix}", fixed(v / unit, d))
            }
        }
    }

    fn max_label_w(&self, size: f64) -> f64 {
        self.ticks
            .iter()
            .map(|&t| text_w(&self.label(t), size))
            .fold(0.0, f64::max)
    }
}

// ---------------------------------------------------------------------------------------------
// Frame

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// Equal-width slots across `x0..x1` (categories).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slots {
    pub n: usize,
    pub x0: f64,
    pub x1: f64,
}

impl Slots {
    pub fn width(&self) -> f64 {
        (self.x1 - self.x0) / self.n.max(1) as f64
    }
    pub fn start(&self, i: usize) -> f64 {
        self.x0 + i as f64 * self.width()
    }
    pub fn center(&self, i: usize) -> f64 {
        self.start(i) + self.width() / 2.0
    }
    pub fn index_at(&self, x: f64) -> Option<usize> {
        if self.n == 0 || x < self.x0 || x > self.x1 {
            return None;
        }
        Some((((x - self.x0) / self.width()) as usize).min(self.n - 1))
    }
}

/// How category labels are placed under the x axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LabelMode {
    /// Horizontal, every `every`-th label shown.
    Horizontal { every: usize },
    /// Rotated to read bottom-to-top, cut to `max_w` pixels.
    Vertical { max_w: f64 },
}

#[derive(Debug, Clone)]
pub(crate) enum XAxis {
    Categories {
        labels: Vec<String>,
        slots: Slots,
        mode: LabelMode,
    },
    Linear(Scale),
}

#[derive(Debug, Clone)]
pub(crate) enum YAxis {
    Linear(Scale),
    /// Category rows from top to bottom (heatmap).
    Rows {
        labels: Vec<String>,
        y0: f64,
        y1: f64,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub color: RGBColor,
    pub line: bool,
}

/// Everything positioned: shared by drawing and hit testing.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub w: f64,
    pub h: f64,
    pub s: f64,
    pub sz: Sizes,
    pub pad: f64,
    pub title_y: f64,
    pub note_y: f64,
    pub legend: Vec<LegendItem>,
    pub plot: Rect,
    pub x: XAxis,
    pub y: YAxis,
    pub y2: Option<Scale>,
    /// Colour bar rectangle and its vertical scale.
    pub colorbar: Option<(Rect, Scale)>,
}

impl Frame {
    pub fn slots(&self) -> Option<Slots> {
        match &self.x {
            XAxis::Categories { slots, .. } => Some(*slots),
            XAxis::Linear(_) => None,
        }
    }
    pub fn xs(&self) -> Option<&Scale> {
        match &self.x {
            XAxis::Linear(s) => Some(s),
            XAxis::Categories { .. } => None,
        }
    }
    pub fn ys(&self) -> Option<&Scale> {
        match &self.y {
            YAxis::Linear(s) => Some(s),
            YAxis::Rows { .. } => None,
        }
    }
}

enum XReq<'a> {
    Categories(&'a [String]),
    Linear { lo: f64, hi: f64, fmt: Fmt },
}

enum YReq<'a> {
    Linear {
        lo: f64,
        hi: f64,
        fmt: Fmt,
        extend: bool,
    },
    Rows(&'a [String]),
}

struct Req<'a> {
    x: XReq<'a>,
    y: YReq<'a>,
    y2: Option<(f64, f64)>,
    legend: Vec<(String, RGBColor, bool)>,
    colorbar: Option<(f64, f64, Fmt, &'a str)>,
}

/// (min, max) of the cleaned values, `None` if there is none.
pub(crate) fn range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.filter_map(clean).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((a, b)) => Some((a.min(v), b.max(v))),
    })
}

fn with_zero((lo, hi): (f64, f64)) -> (f64, f64) {
    (lo.min(0.0), hi.max(0.0))
}

fn pct(percent: bool) -> Fmt {
    if percent {
        Fmt::Percent
    } else {
        Fmt::Plain
    }
}

/// Stacked extents per category: (sum of negatives, sum of positives).
pub(crate) fn stack_extent(series: &[super::spec::Series], i: usize) -> (f64, f64) {
    series
        .iter()
        .filter_map(|s| at(&s.values, i))
        .fold(
            (0.0, 0.0),
            |(n, p), v| {
                if v < 0.0 {
                    (n + v, p)
                } else {
                    (n, p + v)
                }
            },
        )
}

fn request<'a>(spec: &'a ChartSpec, th: &Theme) -> Req<'a> {
    let lin = |r: Option<(f64, f64)>, fmt| {
        let (lo, hi) = r.unwrap_or((0.0, 1.0));
        YReq::Linear {
            lo,
            hi,
            fmt,
            extend: true,
        }
    };
    let legend_of = |names: &mut dyn Iterator<Item = &String>, line: bool| {
        names
            .enumerate()
            .map(|(i, n)| (n.clone(), th.color(i), line))
            .collect::<Vec<_>>()
    };
    match &spec.kind {
        ChartKind::Bars {
            categories,
            series,
            stacked,
            percent,
        } => {
            let r = if *stacked {
                range((0..categories.len()).flat_map(|i| {
                    let (n, p) = stack_extent(series, i);
                    [n, p]
                }))
            } else {
                // Head room for value labels (drawn when there are few bars).
                let room = if categories.len() * series.len() <= 30 {
                    0.08
                } else {
                    0.0
                };
                range(
                    series
                        .iter()
                        .flat_map(|s| s.values.iter().flatten().copied()),
                )
                .map(|r| {
                    let (lo, hi) = with_zero(r);
                    (
                        lo - (hi - lo) * room * f64::from(lo < 0.0),
                        hi + (hi - lo) * room * f64::from(hi > 0.0),
                    )
                })
            };
            Req {
                x: XReq::Categories(categories),
                y: lin(r.map(with_zero), pct(*percent)),
                y2: None,
                legend: if series.len() > 1 {
                    legend_of(&mut series.iter().map(|s| &s.name), false)
                } else {
                    Vec::new()
                },
                colorbar: None,
            }
        }
        ChartKind::BarsLine {
            categories,
            bars,
            line,
        } => Req {
            x: XReq::Categories(categories),
            y: lin(
                range(bars.values.iter().flatten().copied()).map(with_zero),
                Fmt::Plain,
            ),
            y2: Some(range(line.values.iter().flatten().copied()).map_or((0.0, 1.0), with_zero)),
            legend: vec![
                (bars.name.clone(), th.color(0), false),
                (line.name.clone(), th.color(1), true),
            ],
            colorbar: None,
        },
        ChartKind::Lines {
            x,
            x_is_time_minutes,
            series,
            percent,
            ..
        } => {
            let (xlo, xhi) = range(x.iter().copied()).unwrap_or((0.0, 1.0));
            let ys = series.iter().flat_map(|s| {
                (0..x.len()).filter_map(move |i| at(&s.values, i).filter(|_| at_f(x, i).is_some()))
            });
            let r = range(ys).map(|(lo, hi)| if lo >= 0.0 { (0.0, hi) } else { (lo, hi) });
            Req {
                x: XReq::Linear {
                    lo: xlo,
                    hi: xhi,
                    fmt: if *x_is_time_minutes {
                        Fmt::Minutes
                    } else {
                        Fmt::Plain
                    },
                },
                y: lin(r, pct(*percent)),
                y2: None,
                legend: if series.len() > 1 {
                    legend_of(&mut series.iter().map(|s| &s.name), true)
                } else {
                    Vec::new()
                },
                colorbar: None,
            }
        }
        ChartKind::Scatter {
            points,
            groups,
            color_by,
            color_label,
        } => {
            let ok = |p: &&super::spec::Point| clean(p.x).is_some() && clean(p.y).is_some();
            let pad = |(lo, hi): (f64, f64)| {
                let d = (hi - lo) * 0.04;
                (lo - d, hi + d)
            };
            let (xlo, xhi) = range(points.iter().filter(ok).map(|p| p.x)).map_or((0.0, 1.0), pad);
            let (ylo, yhi) = range(points.iter().filter(ok).map(|p| p.y)).map_or((0.0, 1.0), pad);
            let colorbar = color_by
                .as_ref()
                .map(|c| range(c.iter().copied()).unwrap_or((0.0, 1.0)))
                .map(|(lo, hi)| (lo, hi, Fmt::Plain, color_label.as_str()));
            Req {
                x: XReq::Linear {
                    lo: xlo,
                    hi: xhi,
                    fmt: Fmt::Plain,
                },
                y: YReq::Linear {
                    lo: ylo,
                    hi: yhi,
                    fmt: Fmt::Plain,
                    extend: false,
                },
                y2: None,
                legend: if colorbar.is_none() && groups.len() > 1 {
                    legend_of(&mut groups.iter(), false)
                } else {
                    Vec::new()
                },
                colorbar,
            }
        }
        ChartKind::Heatmap {
            rows,
            cols,
            values,
            percent,
            value_label,
        } => Req {
            x: XReq::Categories(cols),
            y: YReq::Rows(rows),
            y2: None,
            legend: Vec::new(),
            colorbar: Some({
                let (lo, hi) = range(values.iter().flatten().copied()).unwrap_or((0.0, 1.0));
                (lo, hi, pct(*percent), value_label.as_str())
            }),
        },
        ChartKind::Funnel { steps, counts, .. } => Req {
            x: XReq::Categories(steps),
            // Head room for the two label lines above the tallest bar.
            y: lin(
                range(counts.iter().copied()).map(|r| {
                    let (lo, hi) = with_zero(r);
                    (lo, hi * 1.12)
                }),
                Fmt::Plain,
            ),
            y2: None,
            legend: Vec::new(),
            colorbar: None,
        },
        ChartKind::Intervals {
            labels,
            estimate,
            low,
            high,
            percent,
        } => Req {
            x: XReq::Categories(labels),
            y: lin(
                range(estimate.iter().chain(low).chain(high).copied()).map(with_zero),
                pct(*percent),
            ),
            y2: None,
            legend: Vec::new(),
            colorbar: None,
        },
    }
}

/// Lays out the chart of `spec` in a `w`×`h` pixel area.
pub(crate) fn frame(spec: &ChartSpec, w: f64, h: f64, style: &ChartStyle) -> Frame {
    let th = Theme::new(style.dark);
    let req = request(spec, &th);
    let s = style.s();
    let sz = Sizes::new(s);
    let pad = 14.0 * s;

    // Top: title, note, legend rows.
    let title_y = pad;
    let mut top = title_y + em(sz.title) * 1.35;
    let note_y = top;
    if spec.note.as_deref().is_some_and(|n| !n.is_empty()) {
        top += em(sz.note) * 1.45;
    }
    let mut legend = Vec::new();
    if !req.legend.is_empty() {
        top += 2.0 * s;
        let row_h = em(sz.tick) * 1.6;
        let (mut x, mut y) = (pad, top);
        for (label, color, line) in req.legend {
            let label = truncate(&label, 28);
            let item_w = 16.0 * s + text_w(&label, sz.tick) + 16.0 * s;
            if x > pad && x + item_w > w - pad {
                x = pad;
                y += row_h;
            }
            legend.push(LegendItem {
                x,
                y,
                label,
                color,
                line,
            });
            x += item_w;
        }
        top = y + row_h;
    }
    top += 12.0 * s;

    // Y axis (ticks chosen from an estimated plot height, then fixed).
    let label_band = |text: &str| {
        if text.is_empty() {
            0.0
        } else {
            em(sz.label) * 1.5
        }
    };
    let est_h = (h - top - 60.0 * s).max(10.0);
    let n_y = ((est_h / (46.0 * s)) as usize).clamp(2, 8);
    let (y_scale, y_tick_w) = match &req.y {
        YReq::Linear {
            lo,
            hi,
            fmt,
            extend,
        } => {
            let sc = Scale::new(*lo, *hi, n_y, *fmt, *extend);
            let tw = sc.max_label_w(sz.tick);
            (Some(sc), tw)
        }
        YReq::Rows(rows) => (
            None,
            rows.iter()
                .map(|r| text_w(&truncate(r, 22), sz.tick))
                .fold(0.0, f64::max),
        ),
    };
    let left = pad + label_band(&spec.y_label) + y_tick_w + 8.0 * s;
    let y2 = req
        .y2
        .map(|(lo, hi)| Scale::new(lo, hi, n_y, Fmt::Plain, true));
    let mut right = pad;
    if let Some(sc) = &y2 {
        right +=
            8.0 * s + sc.max_label_w(sz.tick) + label_band(spec.y2_label.as_deref().unwrap_or(""));
    }
    let colorbar = req
        .colorbar
        .map(|(lo, hi, fmt, label)| (Scale::new(lo, hi, n_y.min(6), fmt, false), label));
    if let Some((sc, label)) = &colorbar {
        right += 16.0 * s + 12.0 * s + 6.0 * s + sc.max_label_w(sz.tick) + label_band(label);
    }
    let x_fmt = match &req.x {
        XReq::Linear { fmt, .. } => Some(*fmt),
        XReq::Categories(_) => None,
    };
    if x_fmt.is_some() {
        right += 12.0 * s; // room for the last tick label's overhang
    }
    let (px0, px1) = (left.min(w - 1.0), (w - right).max(left.min(w - 1.0) + 1.0));

    // X axis: label mode decides the bottom margin.
    let tick_line = em(sz.tick) * 1.5 + 6.0 * s;
    let (x_axis, tick_h) = match req.x {
        XReq::Categories(labels) => {
            let slots = Slots {
                n: labels.len(),
                x0: px0,
                x1: px1,
            };
            let slot = slots.width();
            let widest = labels
                .iter()
                .map(|l| text_w(l, sz.tick))
                .fold(0.0, f64::max);
            let (mode, th) = if widest <= slot - 6.0 * s {
                (LabelMode::Horizontal { every: 1 }, tick_line)
            } else if slot >= em(sz.tick) * 1.3 && labels.len() <= 60 {
                let max_w = widest.min(h * 0.3).min(text_w(&"M".repeat(14), sz.tick));
                (LabelMode::Vertical { max_w }, max_w + 10.0 * s)
            } else {
                let every = ((widest.min(text_w(&"M".repeat(12), sz.tick)) + 10.0 * s)
                    / slot.max(1e-3))
                .ceil()
                .clamp(1.0, 1e6) as usize;
                (LabelMode::Horizontal { every }, tick_line)
            };
            (
                XAxis::Categories {
                    labels: labels.to_vec(),
                    slots,
                    mode,
                },
                th,
            )
        }
        XReq::Linear { lo, hi, fmt } => {
            let n_x = (((px1 - px0) / (90.0 * s)) as usize).clamp(2, 10);
            (
                XAxis::Linear(Scale::new(lo, hi, n_x, fmt, false).with_pixels(px0, px1)),
                tick_line,
            )
        }
    };
    let bottom = pad + tick_h + label_band(&spec.x_label);
    let plot = Rect {
        x0: px0,
        y0: top.min(h - 1.0),
        x1: px1,
        y1: (h - bottom).max(top.min(h - 1.0) + 1.0),
    };
    let y = match (y_scale, req.y) {
        (Some(sc), _) => YAxis::Linear(sc.with_pixels(plot.y1, plot.y0)),
        (None, YReq::Rows(rows)) => YAxis::Rows {
            labels: rows.to_vec(),
            y0: plot.y0,
            y1: plot.y1,
        },
        (None, YReq::Linear { .. }) => YAxis::Linear(Scale::new(0.0, 1.0, 2, Fmt::Plain, true)),
    };
    let colorbar = colorbar.map(|(sc, _)| {
        let x0 = plot.x1 + 16.0 * s;
        let r = Rect {
            x0,
            y0: plot.y0,
            x1: x0 + 12.0 * s,
            y1: plot.y1,
        };
        (r, sc.with_pixels(r.y1, r.y0))
    });
    Frame {
        w,
        h,
        s,
        sz,
        pad,
        title_y,
        note_y,
        legend,
        plot,
        x: x_axis,
        y,
        y2: y2.map(|sc| sc.with_pixels(plot.y1, plot.y0)),
        colorbar,
    }
}
