//! Shamir secret sharing exactly as sops does it.
//!
//! With two or more key groups sops splits the data key into one share per
//! group (`getsops/sops/v3/shamir`, a fork of HashiCorp Vault's code). A
//! file written by rsops must be readable by sops and vice versa, so the
//! field, the share layout and the x coordinates follow that code:
//!
//! - GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1;
//! - per secret byte a random polynomial of degree `threshold - 1` whose
//!   constant term is the byte;
//! - a share is `len(secret) + 1` bytes: the y values, then the x
//!   coordinate, which is the part index + 1 (1, 2, 3, …; unlike upstream
//!   Vault, sops does not randomise it).

use zeroize::Zeroizing;

/// Why [`split`] or [`combine`] refused; the messages are sops' own.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShamirError {
    #[error("parts cannot be less than threshold")]
    PartsLessThanThreshold,
    #[error("parts cannot exceed 255")]
    TooManyParts,
    #[error("threshold must be at least 2")]
    ThresholdTooSmall,
    #[error("cannot split an empty secret")]
    EmptySecret,
    #[error("failed to generate polynomial: {0}")]
    Random(getrandom::Error),
    #[error("less than two parts cannot be used to reconstruct the secret")]
    TooFewParts,
    #[error("parts must be at least two bytes")]
    PartTooShort,
    #[error("all parts must be the same length")]
    UnequalParts,
    #[error("duplicate part detected")]
    DuplicatePart,
}

/// Multiplication in GF(2^8) mod x^8 + x^4 + x^3 + x + 1, without tables
/// or data-dependent branches (as sops does since it dropped log tables).
fn mul(a: u8, b: u8) -> u8 {
    let mut acc = 0u8;
    for i in (0..8).rev() {
        // acc * x, reduced; then + a if bit i of b is set.
        let reduce = (acc >> 7).wrapping_neg() & 0x1B;
        let a_or_zero = ((b >> i) & 1).wrapping_neg() & a;
        acc = (acc << 1) ^ reduce ^ a_or_zero;
    }
    acc
}

/// Multiplicative inverse as a^254 (Fermat); only called with a != 0.
fn inverse(a: u8) -> u8 {
    let a2 = mul(a, a);
    let a3 = mul(a2, a);
    let a6 = mul(a3, a3);
    let a12 = mul(a6, a6);
    let a15 = mul(a12, a3);
    let a24 = mul(a12, a12);
    let a48 = mul(a24, a24);
    let a63 = mul(a48, a15);
    let a126 = mul(a63, a63);
    let a127 = mul(a126, a);
    mul(a127, a127)
}

/// The polynomial with these coefficients (constant term first) at `x`,
/// by Horner's method.
fn evaluate(coefficients: &[u8], x: u8) -> u8 {
    coefficients.iter().rev().fold(0, |acc, &c| mul(acc, x) ^ c)
}

/// Splits `secret` into `parts` shares, any `threshold` of which rebuild
/// it. Share i (0-based) has x coordinate i + 1 in its last byte.
pub fn split(
    secret: &[u8],
    parts: usize,
    threshold: usize,
) -> Result<Vec<Zeroizing<Vec<u8>>>, ShamirError> {
    // Same checks, same order as sops (its "threshold cannot exceed 255"
    // cannot trigger after the first two).
    if parts < threshold {
        return Err(ShamirError::PartsLessThanThreshold);
    }
    if parts > 255 {
        return Err(ShamirError::TooManyParts);
    }
    if threshold < 2 {
        return Err(ShamirError::ThresholdTooSmall);
    }
    if secret.is_empty() {
        return Err(ShamirError::EmptySecret);
    }
    let len = secret.len();
    let mut shares: Vec<Zeroizing<Vec<u8>>> = (1..=parts as u8)
        .map(|x| {
            let mut share = Zeroizing::new(vec![0; len + 1]);
            share[len] = x;
            share
        })
        .collect();
    let mut coefficients = Zeroizing::new(vec![0; threshold]);
    for (idx, &byte) in secret.iter().enumerate() {
        coefficients[0] = byte;
        getrandom::getrandom(&mut coefficients[1..]).map_err(ShamirError::Random)?;
        for share in &mut shares {
            share[idx] = evaluate(&coefficients, share[len]);
        }
    }
    Ok(shares)
}

/// Rebuilds the secret from shares made by [`split`] (or by sops) by
/// Lagrange interpolation at x = 0. With fewer shares than the threshold
/// the result is a wrong secret, not an error: the MAC check catches it.
pub fn combine(shares: &[&[u8]]) -> Result<Zeroizing<Vec<u8>>, ShamirError> {
    if shares.len() < 2 {
        return Err(ShamirError::TooFewParts);
    }
    let share_len = shares[0].len();
    if share_len < 2 {
        return Err(ShamirError::PartTooShort);
    }
    if shares.iter().any(|s| s.len() != share_len) {
        return Err(ShamirError::UnequalParts);
    }
    let len = share_len - 1;
    let xs: Vec<u8> = shares.iter().map(|s| s[len]).collect();
    let mut seen = [false; 256];
    for &x in &xs {
        if std::mem::replace(&mut seen[usize::from(x)], true) {
            return Err(ShamirError::DuplicatePart);
        }
    }
    // Lagrange basis polynomials at 0: l_i(0) = Π_{j≠i} x_j / (x_i - x_j).
    // They depend only on the (public) x coordinates.
    let basis: Vec<u8> = xs
        .iter()
        .enumerate()
        .map(|(i, &xi)| {
            xs.iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .fold(1, |acc, (_, &xj)| mul(acc, mul(xj, inverse(xi ^ xj))))
        })
        .collect();
    let mut secret = Zeroizing::new(vec![0; len]);
    for (idx, out) in secret.iter_mut().enumerate() {
        *out = shares
            .iter()
            .zip(&basis)
            .fold(0, |acc, (share, &l)| acc ^ mul(share[idx], l));
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    /// All subsets of `0..n` with `k` elements, in lexicographic order.
    fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
        (0u32..1 << n)
            .filter(|m| m.count_ones() as usize == k)
            .map(|m| (0..n).filter(|&i| m & (1 << i) != 0).collect())
            .collect()
    }

    #[test]
    fn field_arithmetic() {
        // FIPS-197 §4.2 example, and the inverse pair from §5.1.1.
        assert_eq!(mul(0x57, 0x83), 0xC1);
        assert_eq!(mul(0x57, 0x13), 0xFE);
        assert_eq!(inverse(0x53), 0xCA);
        for a in 0..=255u8 {
            assert_eq!(mul(a, 0), 0);
            assert_eq!(mul(a, 1), a);
            for b in 0..=255u8 {
                assert_eq!(mul(a, b), mul(b, a));
            }
            if a != 0 {
                assert_eq!(mul(a, inverse(a)), 1, "{a:#04x}");
            }
        }
    }

    #[test]
    fn sops_vector_v6() {
        let s1 = hex("d8bf73ccb5f5afe4cdb97a3f6aadda4e10e769f1fa018d560a911fcb357f6c1201");
        let s2 = hex("4a052ddb983e0bc4fa767b776c48876180a16d040b15ee9d98405909544f1a4402");
        let want = hex("5f20b0c1ae453a0d29fc8c07680718a2602c9ca25c0dace68dded47ce36fb720");
        assert_eq!(*combine(&[&s1, &s2]).unwrap(), want);
        assert_eq!(*combine(&[&s2, &s1]).unwrap(), want);
    }

    #[test]
    fn round_trips_with_every_threshold_subset() {
        let secret: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(37) ^ 0xA5).collect();
        for (parts, threshold) in [(2, 2), (3, 2), (5, 3)] {
            let shares = split(&secret, parts, threshold).unwrap();
            assert_eq!(shares.len(), parts);
            for (i, share) in shares.iter().enumerate() {
                assert_eq!(share.len(), secret.len() + 1);
                assert_eq!(usize::from(share[secret.len()]), i + 1);
            }
            for k in threshold..=parts {
                for subset in subsets(parts, k) {
                    let picked: Vec<&[u8]> = subset.iter().map(|&i| &shares[i][..]).collect();
                    assert_eq!(
                        *combine(&picked).unwrap(),
                        secret,
                        "{parts}/{threshold} {subset:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn one_byte_secret() {
        let shares = split(&[0x42], 3, 3).unwrap();
        let all: Vec<&[u8]> = shares.iter().map(|s| &s[..]).collect();
        assert_eq!(*combine(&all).unwrap(), [0x42]);
    }

    #[test]
    fn fewer_than_threshold_shares_do_not_reveal_the_secret() {
        let secret = [0x5Au8; 32];
        let shares = split(&secret, 5, 3).unwrap();
        assert_eq!(combine(&[&shares[0]]), Err(ShamirError::TooFewParts));
        // Two of a 3-threshold split give some other secret; equality would
        // need all 32 random bytes to line up (probability 2^-256).
        for pair in subsets(5, 2) {
            let picked = [&shares[pair[0]][..], &shares[pair[1]][..]];
            assert_ne!(*combine(&picked).unwrap(), secret);
        }
    }

    #[test]
    fn split_errors() {
        let e = |parts, threshold| split(b"k", parts, threshold).unwrap_err().to_string();
        assert_eq!(e(2, 3), "parts cannot be less than threshold");
        assert_eq!(e(256, 2), "parts cannot exceed 255");
        assert_eq!(e(300, 300), "parts cannot exceed 255");
        assert_eq!(e(3, 1), "threshold must be at least 2");
        assert_eq!(e(0, 0), "threshold must be at least 2");
        assert_eq!(
            split(b"", 2, 2).unwrap_err().to_string(),
            "cannot split an empty secret"
        );
        assert_eq!(split(b"k", 255, 255).unwrap().len(), 255);
    }

    #[test]
    fn combine_errors() {
        let e = |shares: &[&[u8]]| combine(shares).unwrap_err().to_string();
        assert_eq!(
            e(&[]),
            "less than two parts cannot be used to reconstruct the secret"
        );
        assert_eq!(e(&[&[1], &[2]]), "parts must be at least two bytes");
        assert_eq!(
            e(&[&[1, 1], &[2, 3, 2]]),
            "all parts must be the same length"
        );
        assert_eq!(e(&[&[1, 1], &[2, 2], &[3, 1]]), "duplicate part detected");
    }
}
