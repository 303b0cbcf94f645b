//! Student's t distribution: upper tail and quantile, from the regularized incomplete beta
//! function (continued fraction, Lentz's method, as in Numerical Recipes §6.4). Used by Welch's
//! t-test ([`super::means`]) and by the intervals of the interaction tools' effects. Every
//! function returns `None` where the quantity is undefined, never NaN.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: ~15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    #[allow(clippy::excessive_precision)]
    const C: [f64; 9] = [
        0.999_999_999_999_809_93,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_13,
        -176.615_029_162_140_59,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_571_6e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        let s = (std::f64::consts::PI * x).sin().abs();
        return std::f64::consts::PI.ln() - s.ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Continued fraction of the incomplete beta function (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..400 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1.
pub fn inc_beta(a: f64, b: f64, x: f64) -> Option<f64> {
    if !(a > 0.0 && b > 0.0 && (0.0..=1.0).contains(&x)) {
        return None;
    }
    if x == 0.0 || x == 1.0 {
        return Some(x);
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    let v = if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    };
    v.is_finite().then_some(v.clamp(0.0, 1.0))
}

/// Two-sided p-value of a t statistic with `df` degrees of freedom: P(|T| ≥ |t|).
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    if !t.is_finite() || df.is_nan() || df <= 0.0 {
        return None;
    }
    inc_beta(df / 2.0, 0.5, df / (df + t * t))
}

/// Lower tail P(T ≤ t).
pub fn t_cdf(t: f64, df: f64) -> Option<f64> {
    let p = t_two_sided_p(t, df)?;
    Some(if t >= 0.0 { 1.0 - p / 2.0 } else { p / 2.0 })
}

/// The quantile of Student's t: the `t` with P(T ≤ t) = p, for 0 < p < 1 (bisection on the
/// CDF to 1e-12).
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0 && df > 0.0) {
        return None;
    }
    if p == 0.5 {
        return Some(0.0);
    }
    let (mut lo, mut hi) = (-1.0f64, 1.0f64);
    while t_cdf(lo, df)? > p {
        lo *= 2.0;
        if lo < -1e12 {
            return None;
        }
    }
    while t_cdf(hi, df)? < p {
        hi *= 2.0;
        if hi > 1e12 {
            return None;
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if t_cdf(mid, df)? < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 * (1.0 + mid.abs()) {
            break;
        }
    }
    Some(0.5 * (lo + hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scipy() {
        // scipy.stats.t.sf(2.0, 10) * 2 = 0.07338803477074495
        let p = t_two_sided_p(2.0, 10.0).unwrap();
        assert!((p - 0.073_388_034_770_744_95).abs() < 1e-12, "{p}");
        // scipy.stats.t.ppf(0.975, 5) = 2.570581835636314
        let q = t_quantile(0.975, 5.0).unwrap();
        assert!((q - 2.570_581_835_636_314).abs() < 1e-9, "{q}");
        // scipy.stats.t.ppf(0.975, 1) = 12.706204736174698
        let q = t_quantile(0.975, 1.0).unwrap();
        assert!((q - 12.706_204_736_174_698).abs() < 1e-7, "{q}");
        // Large df tends to the normal: t.ppf(0.975, 1e6) = 1.959966
        let q = t_quantile(0.975, 1e6).unwrap();
        assert!((q - 1.959_966).abs() < 1e-5, "{q}");
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!(t_two_sided_p(1.0, 0.0).is_none() && t_quantile(1.0, 3.0).is_none());
    }
}
