//! Error messages, and the constant-time check's declassification hook.

use std::collections::HashSet;

use ptlc::{HexError, HopTweak, PaymentScalar, PointError, RouteError, ScalarError};

/// Every error variant has a distinct, non-empty message that does not just
/// repeat the variant name (callers show these to users).
#[test]
fn error_messages_are_distinct_and_readable() {
    let messages: Vec<String> = [
        PointError::InvalidLength.to_string(),
        PointError::InvalidPrefix.to_string(),
        PointError::NotOnCurve.to_string(),
        PointError::Hex(HexError::InvalidLength).to_string(),
        PointError::Hex(HexError::InvalidCharacter).to_string(),
        ScalarError::InvalidLength.to_string(),
        ScalarError::Zero.to_string(),
        ScalarError::Overflow.to_string(),
        ScalarError::RngFailure.to_string(),
        RouteError::TweakMismatch.to_string(),
        RouteError::WrongScalar.to_string(),
        RouteError::Degenerate.to_string(),
        RouteError::RngFailure.to_string(),
        HexError::InvalidLength.to_string(),
        HexError::InvalidCharacter.to_string(),
    ]
    .into();
    for m in &messages {
        assert!(m.len() > 8 && m.contains(' '), "{m:?}");
    }
    // The hex errors appear twice: bare and wrapped in PointError.
    let distinct: HashSet<&String> = messages.iter().collect();
    assert!(distinct.len() >= messages.len() - 2, "{messages:?}");
    let e: &dyn std::error::Error = &RouteError::WrongScalar;
    assert!(e.source().is_none());
}

/// The same for the adaptor signature, pay-for-signature, blob, TLV and
/// package errors: every variant's message is readable and distinct from the
/// others of its type.
#[test]
fn module_error_messages_are_distinct_and_readable() {
    use ptlc::{
        BlobError, EcdsaAdaptorError, PackageError, PayForSignatureError, SchnorrAdaptorError,
        TlvError,
    };
    let groups: Vec<Vec<String>> = vec![
        [
            SchnorrAdaptorError::InvalidLength,
            SchnorrAdaptorError::Hex(HexError::InvalidCharacter),
            SchnorrAdaptorError::InvalidNoncePoint,
            SchnorrAdaptorError::ScalarOverflow,
            SchnorrAdaptorError::InvalidPreSignature,
            SchnorrAdaptorError::InvalidSignature,
            SchnorrAdaptorError::SignatureMismatch,
            SchnorrAdaptorError::WrongScalar,
            SchnorrAdaptorError::Degenerate,
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
        [
            EcdsaAdaptorError::InvalidLength,
            EcdsaAdaptorError::InvalidPoint,
            EcdsaAdaptorError::InvalidScalar,
            EcdsaAdaptorError::Hex(HexError::InvalidLength),
            EcdsaAdaptorError::InvalidProof,
            EcdsaAdaptorError::InvalidSignature,
            EcdsaAdaptorError::SignatureMismatch,
            EcdsaAdaptorError::ScalarMismatch,
            EcdsaAdaptorError::Degenerate,
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
        [
            PayForSignatureError::InvalidNonce,
            PayForSignatureError::InvalidSignature,
            PayForSignatureError::WrongScalar,
            PayForSignatureError::Degenerate,
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
        [
            BlobError::TooLarge,
            BlobError::BufferTooSmall,
            BlobError::Truncated,
            BlobError::UnknownVersion(2),
            BlobError::InvalidLength,
            BlobError::InvalidEphemeralKey,
            BlobError::RngFailure,
            BlobError::KeyCommitmentMismatch,
            BlobError::AuthenticationFailed,
            BlobError::BadPadding,
            BlobError::PlaintextTooLong,
            BlobError::NonCanonicalBucket,
            BlobError::Tlv(TlvError::Duplicate),
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
        [
            TlvError::Truncated,
            TlvError::NonMinimalBigSize,
            TlvError::NotAscending,
            TlvError::Duplicate,
            TlvError::LengthOverrun,
            TlvError::UnknownEvenType(4),
            TlvError::MissingRecord(2),
            TlvError::InvalidValue(6),
            TlvError::BufferTooSmall,
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
        vec![PackageError::Expired.to_string()],
    ];
    for group in &groups {
        for m in group {
            assert!(m.len() > 8 && m.contains(' '), "{m:?}");
        }
        let distinct: HashSet<&String> = group.iter().collect();
        assert_eq!(distinct.len(), group.len(), "{group:?}");
    }
    // Numbers carried by a variant reach the message.
    assert!(BlobError::UnknownVersion(2).to_string().contains("0x02"));
    assert!(TlvError::UnknownEvenType(4).to_string().contains('4'));
}

/// The same for the MuSig2, pay-for-partial-signature and mailbox route
/// errors, and the values a variant carries reach its message.
#[test]
fn musig_and_mailbox_error_messages_are_distinct_and_readable() {
    use ptlc::musig::Contribution;
    use ptlc::{MailboxRouteError as M, MusigError, PayForPartialSignatureError as P, TlvError};
    let musig = MusigError::InvalidContribution {
        signer: Some(3),
        contribution: Contribution::PublicNonce,
    };
    let groups: Vec<Vec<String>> = vec![
        [
            P::InvalidPartialSignature { signer: 7 },
            P::WrongScalar,
            P::InvalidSignature,
            P::AdaptorMismatch,
            P::Degenerate,
            P::Musig(MusigError::TweakOutOfRange),
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
        [
            musig,
            MusigError::InvalidContribution {
                signer: None,
                contribution: Contribution::AggregateNonce,
            },
            MusigError::TweakOutOfRange,
            MusigError::TweakToInfinity,
            MusigError::SignerNotInKeys,
            MusigError::SecretNonceOutOfRange,
            MusigError::SecretKeyMismatch,
            MusigError::EmptyList,
            MusigError::InvalidLength,
            MusigError::Hex(HexError::InvalidCharacter),
            MusigError::InvalidKeyAggContext,
            MusigError::AdaptorMismatch,
            MusigError::InvalidPreSignature,
            MusigError::Degenerate,
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
        [
            M::BufferTooSmall,
            M::NoHops,
            M::TooManyHops,
            M::TooLarge,
            M::PathIdTooLong,
            M::InvalidSecret,
            M::ZeroScalar,
            M::RngFailure,
            M::UnsupportedIntroduction,
            M::Truncated,
            M::TrailingBytes,
            M::InvalidPoint,
            M::InvalidRecord,
            M::InvalidPacketLength,
            M::UnknownVersion(9),
            M::InvalidOnionKey,
            M::BadHmac,
            M::BadPayloadLength,
            M::Payload(TlvError::Duplicate),
            M::MissingEncryptedData,
            M::UndecryptableEncryptedData,
            M::EncryptedData(TlvError::Duplicate),
            M::UnexpectedFieldAtRelay(11),
            M::PathIdAtRelay,
            M::NoNextHop,
            M::PaymentFieldInMessage(12),
            M::UnknownFeature,
            M::ForwardFieldAtFinal,
            M::MissingPathId,
            M::MissingBlob,
            M::UnexpectedPayload(13),
            M::ReplyPathUnsupported,
        ]
        .iter()
        .map(ToString::to_string)
        .collect(),
    ];
    for group in &groups {
        for m in group {
            assert!(m.len() > 8 && m.contains(' '), "{m:?}");
        }
        let distinct: HashSet<&String> = group.iter().collect();
        assert_eq!(distinct.len(), group.len(), "{group:?}");
    }
    assert!(P::InvalidPartialSignature { signer: 7 }
        .to_string()
        .contains('7'));
    assert!(P::Musig(MusigError::TweakOutOfRange)
        .to_string()
        .contains(&MusigError::TweakOutOfRange.to_string()));
    assert!(musig.to_string().contains('3'));
    for (e, n) in [
        (M::UnknownVersion(9), "9"),
        (M::UnexpectedFieldAtRelay(11), "11"),
        (M::PaymentFieldInMessage(12), "12"),
        (M::UnexpectedPayload(13), "13"),
    ] {
        assert!(e.to_string().contains(n), "{e}");
    }
    assert!(M::Payload(TlvError::Duplicate)
        .to_string()
        .contains(&TlvError::Duplicate.to_string()));
}

#[test]
fn hop_tweak_equality() {
    let a = HopTweak::from_bytes(&[3u8; 32]).unwrap();
    let b = HopTweak::from_bytes(&[3u8; 32]).unwrap();
    let c = HopTweak::from_bytes(&[4u8; 32]).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

/// The crate declassifies the public points it computes from secrets (so the
/// valgrind check sees no false leak) and nothing else is needed for `opens`.
/// Compiled only with `RUSTFLAGS="--cfg ptlc_ctime"`; the valgrind check
/// (ci/ctime.sh) exercises the hook on every run in any case.
#[cfg(ptlc_ctime)]
#[test]
fn declassify_hook_sees_public_points() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    static BYTES: AtomicUsize = AtomicUsize::new(0);
    fn hook(addr: *const u8, len: usize) {
        assert!(!addr.is_null());
        CALLS.fetch_add(1, Ordering::SeqCst);
        BYTES.store(len, Ordering::SeqCst);
    }
    assert!(ptlc::ctime_hooks::set_declassify_hook(hook));
    assert!(!ptlc::ctime_hooks::set_declassify_hook(hook), "set once");
    let t = PaymentScalar::from_bytes(&[7u8; 32]).unwrap();
    let before = CALLS.load(Ordering::SeqCst);
    let point = t.point();
    assert_eq!(CALLS.load(Ordering::SeqCst), before + 1);
    // The whole libsecp256k1 public key (64 bytes), not a prefix of it.
    assert_eq!(BYTES.load(Ordering::SeqCst), 64);
    assert!(t.opens(&point));
}

#[test]
fn proof_of_payment_without_hops() {
    let t = PaymentScalar::from_bytes(&[5u8; 32]).unwrap();
    let other = PaymentScalar::from_bytes(&[6u8; 32]).unwrap();
    let payer = ptlc::RoutePayer::new(t.point());
    assert_eq!(payer.proof_of_payment(&t), Ok(t.clone()));
    assert_eq!(payer.proof_of_payment(&other), Err(RouteError::WrongScalar));
}
