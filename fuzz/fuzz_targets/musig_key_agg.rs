//! MuSig2 key aggregation with attacker input: a 131-byte serialized key
//! context, or a list of 33-byte keys (the first byte says how many) followed
//! by 32-byte tweaks (each preceded by a byte: odd for x-only). Never panics;
//! a parsed context re-encodes to the same bytes; KeyAgg blames exactly the
//! first key that does not parse.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::musig::key_agg::{KeyAggContext, Tweak, KEY_AGG_CONTEXT_LEN};
use ptlc::musig::{Contribution, MusigError};
use ptlc::secp256k1::PublicKey;

fuzz_target!(|data: &[u8]| {
    if let Ok(b) = <&[u8; KEY_AGG_CONTEXT_LEN]>::try_from(data) {
        if let Ok(ctx) = KeyAggContext::from_bytes(b) {
            assert_eq!(&ctx.to_bytes(), b);
        }
    }
    let Some((&count, rest)) = data.split_first() else {
        return;
    };
    let count = usize::from(count % 8);
    let Some(keys) = rest.get(..count * 33) else {
        return;
    };
    let keys: Vec<[u8; 33]> = keys
        .chunks_exact(33)
        .map(|c| c.try_into().unwrap())
        .collect();
    let first_bad = keys
        .iter()
        .position(|k| !matches!(k[0], 2 | 3) || PublicKey::from_byte_array_compressed(*k).is_err());
    let ctx = match KeyAggContext::new(&keys) {
        Ok(ctx) => {
            assert!(first_bad.is_none());
            ctx
        }
        Err(MusigError::EmptyList) => return assert!(keys.is_empty()),
        Err(MusigError::Degenerate) => return,
        Err(e) => {
            return assert_eq!(
                e,
                MusigError::InvalidContribution {
                    signer: first_bad,
                    contribution: Contribution::PublicKey
                }
            )
        }
    };
    assert_eq!(KeyAggContext::from_bytes(&ctx.to_bytes()), Ok(ctx));
    let mut ctx = ctx;
    for chunk in rest[count * 33..].chunks_exact(33) {
        let t: [u8; 32] = chunk[1..].try_into().unwrap();
        let tweak = if chunk[0] & 1 == 1 {
            Tweak::XOnly(t)
        } else {
            Tweak::Plain(t)
        };
        match ctx.apply_tweak(&tweak) {
            Ok(c) => ctx = c,
            Err(e) => assert!(matches!(
                e,
                MusigError::TweakOutOfRange | MusigError::TweakToInfinity
            )),
        }
        assert_eq!(KeyAggContext::from_bytes(&ctx.to_bytes()), Ok(ctx));
    }
});
