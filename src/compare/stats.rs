//! Pure statistics for comparing two proportions. Every function returns `None` where the
//! quantity is undefined (zero trials, zero variance), never NaN or infinity.

/// z of a two-sided 95% interval, `Φ⁻¹(0.975)`.
pub const Z_95: f64 = 1.959_963_984_540_054;

const M_1_SQRT_2PI: f64 = 0.398_942_280_401_432_677_939_946_059_934;

/// Standard normal CDF Φ(x), W. J. Cody's rational Chebyshev approximations (ACM TOMS 715,
/// the algorithm of R's `pnorm`): relative error near double precision across the range,
/// accurate in the tails (no cancellation in `1 − Φ`).
pub fn normal_cdf(x: f64) -> f64 {
    let (lower, _) = normal_cdf_both(x);
    lower
}

/// Upper tail `1 − Φ(x)`, computed without cancellation.
pub fn normal_sf(x: f64) -> f64 {
    let (_, upper) = normal_cdf_both(x);
    upper
}

#[allow(clippy::excessive_precision)]
fn normal_cdf_both(x: f64) -> (f64, f64) {
    const A: [f64; 5] = [
        2.2352520354606839287,
        161.02823106855587881,
        1067.6894854603709582,
        18154.981253343561249,
        0.065682337918207449113,
    ];
    const B: [f64; 4] = [
        47.20258190468824187,
        976.09855173777669322,
        10260.932208618978205,
        45507.789335026729956,
    ];
    const C: [f64; 9] = [
        0.39894151208813466764,
        8.8831497943883759412,
        93.506656132177855979,
        597.27027639480026226,
        2494.5375852903726711,
        6848.1904505362823326,
        11602.651437647350124,
        9842.7148383839780218,
        1.0765576773720192317e-8,
    ];
    const D: [f64; 8] = [
        22.266688044328115691,
        235.38790178262499861,
        1519.377599407554805,
        6485.558298266760755,
        18615.571640885098091,
        34900.952721145977266,
        38912.003286093271411,
        19685.429676859990727,
    ];
    const P: [f64; 6] = [
        0.21589853405795699,
        0.1274011611602473639,
        0.022235277870649807,
        0.001421619193227893466,
        2.9112874951168792e-5,
        0.02307344176494017303,
    ];
    const Q: [f64; 5] = [
        1.28426009614491121,
        0.468238212480865118,
        0.0659881378689285515,
        0.00378239633202758244,
        7.29751555083966205e-5,
    ];
    if x.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let y = x.abs();
    // exp(-y²/2) split so that the product keeps full precision (R's do_del).
    let tail = |y: f64, temp: f64| {
        let xsq = (y * 16.0).trunc() / 16.0;
        let del = (y - xsq) * (y + xsq);
        (-xsq * xsq * 0.5).exp() * (-del * 0.5).exp() * temp
    };
    let (cum, ccum);
    if y <= 0.67448975 {
        let (mut xnum, mut xden) = (0.0, 0.0);
        if y > f64::EPSILON * 0.5 {
            let xsq = x * x;
            xnum = A[4] * xsq;
            xden = xsq;
            for i in 0..3 {
                xnum = (xnum + A[i]) * xsq;
                xden = (xden + B[i]) * xsq;
            }
        }
        let temp = x * (xnum + A[3]) / (xden + B[3]);
        return (0.5 + temp, 0.5 - temp);
    } else if y <= 5.656854249492380195206754896838 {
        // sqrt(32)
        let mut xnum = C[8] * y;
        let mut xden = y;
        for i in 0..7 {
            xnum = (xnum + C[i]) * y;
            xden = (xden + D[i]) * y;
        }
        let temp = (xnum + C[7]) / (xden + D[7]);
        cum = tail(y, temp);
        ccum = 1.0 - cum;
    } else if y < 40.0 {
        let xsq = 1.0 / (x * x);
        let mut xnum = P[5] * xsq;
        let mut xden = xsq;
        for i in 0..4 {
            xnum = (xnum + P[i]) * xsq;
            xden = (xden + Q[i]) * xsq;
        }
        let mut temp = xsq * (xnum + P[4]) / (xden + Q[4]);
        temp = (M_1_SQRT_2PI - temp) / y;
        cum = tail(y, temp);
        ccum = 1.0 - cum;
    } else {
        cum = 0.0;
        ccum = 1.0;
    }
    // `cum` is the tail beyond |x|.
    if x > 0.0 {
        (ccum, cum)
    } else {
        (cum, ccum)
    }
}

/// Standard normal quantile Φ⁻¹(p), Wichura's AS241 (PPND16, ~1e-16). `None` unless 0 < p < 1.
#[allow(clippy::excessive_precision)]
pub fn normal_quantile(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let num = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
            + 6.7265770927008700853e+4)
            * r
            + 4.5921953931549871457e+4)
            * r
            + 1.3731693765509461125e+4)
            * r
            + 1.9715909503065514427e+3)
            * r
            + 1.3314166789178437745e+2)
            * r
            + 3.3871328727963666080e+0)
            * q;
        let den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
            + 3.9307895800092710610e+4)
            * r
            + 2.1213794301586595867e+4)
            * r
            + 5.3941960214247511077e+3)
            * r
            + 6.8718700749205790830e+2)
            * r
            + 4.2313330701600911252e+1)
            * r
            + 1.0;
        return Some(num / den);
    }
    let r0 = if q <= 0.0 { p } else { 1.0 - p };
    let mut r = (-r0.ln()).sqrt();
    let x = if r <= 5.0 {
        r -= 1.6;
        let num = ((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
            + 2.41780725177450611770e-1)
            * r
            + 1.27045825245236838258e+0)
            * r
            + 3.64784832476320460504e+0)
            * r
            + 5.76949722146069140550e+0)
            * r
            + 4.63033784615654529590e+0)
            * r
            + 1.42343711074968357734e+0;
        let den = ((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
            + 1.51986665636164571966e-2)
            * r
            + 1.48103976427480074590e-1)
            * r
            + 6.89767334985100004550e-1)
            * r
            + 1.67638483018380384940e+0)
            * r
            + 2.05319162663775882187e+0)
            * r
            + 1.0;
        num / den
    } else {
        r -= 5.0;
        let num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
            + 1.24266094738807843860e-3)
            * r
            + 2.65321895265761230930e-2)
            * r
            + 2.96560571828504891230e-1)
            * r
            + 1.78482653991729133580e+0)
            * r
            + 5.46378491116411436990e+0)
            * r
            + 6.65790464350110377720e+0;
        let den = ((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
            + 1.84631831751005468180e-5)
            * r
            + 7.86869131145613259100e-4)
            * r
            + 1.48753612908506148525e-2)
            * r
            + 1.36929880922735805310e-1)
            * r
            + 5.99832206555887937690e-1)
            * r
            + 1.0;
        num / den
    };
    Some(if q < 0.0 { -x } else { x })
}

/// Result of [`two_proportion_z`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZTest {
    /// `(p1 − p2) / SE_pooled`.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Two-proportion z-test with pooled variance, two-sided (as statsmodels'
/// `proportions_ztest([x1, x2], [n1, n2])`). `None` with an empty arm, successes beyond trials,
/// or a pooled rate of 0 or 1 (no variance).
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<ZTest> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1f + n2f);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    if se <= 0.0 || !se.is_finite() {
        return None;
    }
    let z = (x1 as f64 / n1f - x2 as f64 / n2f) / se;
    Some(ZTest {
        z,
        p_value: (2.0 * normal_sf(z.abs())).min(1.0),
    })
}

/// Wilson score interval of `x` successes in `n` trials at normal quantile `z` (1.96 for 95%),
/// as statsmodels' `proportion_confint(x, n, method="wilson")`. `None` when `n == 0`.
pub fn wilson(x: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || x > n || !z.is_finite() {
        return None;
    }
    let nf = n as f64;
    let p = x as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Confidence interval of `p2 − p1` with the unpooled standard error (Wald), at quantile `z`.
pub fn diff_interval(x1: u64, n1: u64, x2: u64, n2: u64, z: f64) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let se = (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt();
    let d = p2 - p1;
    Some((d - z * se, d + z * se))
}

/// Survival function of the chi-squared distribution with 1 degree of freedom:
/// `P(χ²₁ > x) = 2 (1 − Φ(√x))`. `None` for negative or NaN `x`.
pub fn chi2_sf_1df(x: f64) -> Option<f64> {
    if x.is_nan() || x < 0.0 {
        return None;
    }
    Some((2.0 * normal_sf(x.sqrt())).min(1.0))
}

/// Sample-ratio-mismatch test: chi-squared goodness of fit of the exposure counts against an
/// even split (`scipy.stats.chisquare([n1, n2])`). Returns the p-value.
pub fn srm_p_value(n1: u64, n2: u64) -> Option<f64> {
    let total = (n1 + n2) as f64;
    if total == 0.0 {
        return None;
    }
    let e = total / 2.0;
    let chi2 = ((n1 as f64 - e).powi(2) + (n2 as f64 - e).powi(2)) / e;
    chi2_sf_1df(chi2)
}

/// Persons per arm to detect a relative change `mde_rel` from the control rate `p1` with a
/// two-sided test at `alpha` and the given power (normal approximation, as R's
/// `power.prop.test` with `strict = FALSE`):
/// `n = (z₁₋α/₂ √(2 p̄ q̄) + z_power √(p1 q1 + p2 q2))² / (p2 − p1)²`, `p2 = p1 (1 + mde_rel)`,
/// rounded up. `None` when the inputs leave no valid design (rates outside (0, 1) for the
/// control, outside [0, 1] for the variant, no effect).
pub fn sample_size_two_proportions(p1: f64, mde_rel: f64, alpha: f64, power: f64) -> Option<u64> {
    if !(p1 > 0.0 && p1 < 1.0 && mde_rel.is_finite()) || mde_rel == 0.0 {
        return None;
    }
    let p2 = p1 * (1.0 + mde_rel);
    if !(0.0..=1.0).contains(&p2) {
        return None;
    }
    let za = normal_quantile(1.0 - alpha / 2.0)?;
    let zb = normal_quantile(power)?;
    let pbar = (p1 + p2) / 2.0;
    let num =
        za * (2.0 * pbar * (1.0 - pbar)).sqrt() + zb * (p1 * (1.0 - p1) + p2 * (1.0 - p2)).sqrt();
    let n = (num / (p2 - p1)).powi(2);
    (n.is_finite() && n < 1e15).then(|| n.ceil() as u64)
}

/// GrowthBook's chance to beat control for proportions: the relative lift
/// `Δ = p_t / p_c − 1` is approximately normal with the delta-method variance
/// `σ² = v_t / (p_c² n_t) + v_c p_t² / (p_c⁴ n_c)`, `v = p (1 − p)`; the chance is `Φ(Δ / σ)`
/// (flat prior). `None` without trials or with a control rate of 0.
pub fn chance_to_beat_control(
    x_control: u64,
    n_control: u64,
    x_treatment: u64,
    n_treatment: u64,
) -> Option<f64> {
    if n_control == 0 || n_treatment == 0 || x_control > n_control || x_treatment > n_treatment {
        return None;
    }
    let (nc, nt) = (n_control as f64, n_treatment as f64);
    let pc = x_control as f64 / nc;
    let pt = x_treatment as f64 / nt;
    if pc <= 0.0 {
        return None;
    }
    let lift = pt / pc - 1.0;
    let var = pt * (1.0 - pt) / (pc * pc * nt) + pc * (1.0 - pc) * pt * pt / (pc.powi(4) * nc);
    let sd = var.sqrt();
    if sd > 0.0 && sd.is_finite() {
        Some(normal_cdf(lift / sd))
    } else if lift > 0.0 {
        Some(1.0)
    } else if lift < 0.0 {
        Some(0.0)
    } else {
        None
    }
}
