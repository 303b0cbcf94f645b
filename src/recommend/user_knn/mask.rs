//! Which of 16 cosines reach a threshold, as a bit mask: SSE2 natively (x86_64 baseline),
//! `simd128` in a wasm built with it (the shipped wasm is), else a plain loop. The key fill of
//! the one-pass search ([`super::groups::fill_group_keys`]) then visits only the set bits
//! (about one candidate in six on the medium demo) instead of writing a key for every
//! candidate.

/// Bit `l` set when `c[l] >= t` (false for NaN, as the comparison).
#[inline(always)]
pub(super) fn ge_mask(c: &[f32; 16], t: f32) -> u32 {
    imp::ge_mask(c, t)
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod imp {
    use core::arch::x86_64::{_mm_cmpge_ps, _mm_movemask_ps, _mm_set1_ps, _mm_set_ps};

    #[inline(always)]
    #[allow(unsafe_code)]
    pub(super) fn ge_mask(c: &[f32; 16], t: f32) -> u32 {
        let mut m = 0u32;
        // SAFETY: register-only SSE2 instructions (the values are passed by value, no pointer
        // is read), and SSE2 is enabled in this build (the `cfg` above: part of every x86_64
        // target's baseline).
        unsafe {
            let tv = _mm_set1_ps(t);
            for (q, w) in c.chunks_exact(4).enumerate() {
                let v = _mm_set_ps(w[3], w[2], w[1], w[0]);
                m |= (_mm_movemask_ps(_mm_cmpge_ps(v, tv)) as u32) << (4 * q);
            }
        }
        m
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{f32x4, f32x4_ge, f32x4_splat, i32x4_bitmask};

    #[inline(always)]
    pub(super) fn ge_mask(c: &[f32; 16], t: f32) -> u32 {
        let tv = f32x4_splat(t);
        let mut m = 0u32;
        for (q, w) in c.chunks_exact(4).enumerate() {
            let v = f32x4(w[0], w[1], w[2], w[3]);
            m |= u32::from(i32x4_bitmask(f32x4_ge(v, tv))) << (4 * q);
        }
        m
    }
}

#[cfg(not(any(
    all(target_arch = "x86_64", target_feature = "sse2"),
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
mod imp {
    #[inline(always)]
    pub(super) fn ge_mask(c: &[f32; 16], t: f32) -> u32 {
        super::ge_mask_scalar(c, t)
    }
}

/// [`ge_mask`] without SIMD instructions.
#[cfg_attr(
    any(
        all(target_arch = "x86_64", target_feature = "sse2"),
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
#[inline(always)]
pub(super) fn ge_mask_scalar(c: &[f32; 16], t: f32) -> u32 {
    c.iter()
        .enumerate()
        .fold(0, |m, (l, &x)| m | (u32::from(x >= t) << l))
}
