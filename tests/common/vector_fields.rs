//! How the vector files write ptlc's values: the error names SPEC.md uses,
//! one function per error type, and a parsed package's fields. Shared by the vector generators (`tests/vectors_*.rs`, through
//! `common`) and by the cross-implementation kit (`kit/`, through `#[path]`),
//! so both write and read the same names.

use ptlc::blob::BlobError;
use ptlc::ecdsa_adaptor::EcdsaAdaptorError;
use ptlc::mailbox_route::blinded_path::{build_mailbox_path_with_key, mailbox_path_len};
use ptlc::mailbox_route::packet::build_onion_with_keys;
use ptlc::mailbox_route::peel::{peel, NextHop, Peeled};
use ptlc::mailbox_route::{BlindedPath, MailboxRouteError, BLOB_TLV_TYPE, LARGE_PACKET_LEN};
use ptlc::musig::key_agg::{KeyAggContext, Tweak};
use ptlc::musig::nonces::{nonce_gen_with_rand, AggNonce, PubNonce};
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::musig::MusigError;
use ptlc::package::{MusigPackage, Package};
use ptlc::pay_for_partial_signature::{
    partial_signature_scalar, NonceId, PartialSignatureOffer, PayForPartialSignatureError,
};
use ptlc::pay_for_signature::PayForSignatureError;
use ptlc::schnorr_adaptor::SchnorrAdaptorError;
use ptlc::secp256k1::{schnorr, Keypair, PublicKey, SecretKey};
use ptlc::tlv::Record;
use ptlc::tlv::TlvError;
use ptlc::{PaymentPoint, PaymentScalar, PointError, RouteError, ScalarError};
use serde_json::{json, Value};

/// Name of a [`ScalarError`].
pub fn scalar_error(e: ScalarError) -> &'static str {
    match e {
        ScalarError::InvalidLength => "invalid_length",
        ScalarError::Zero => "zero",
        ScalarError::Overflow => "overflow",
        ScalarError::RngFailure => "rng_failure",
    }
}

/// Name of a [`PointError`].
pub fn point_error(e: PointError) -> &'static str {
    match e {
        PointError::InvalidLength => "invalid_length",
        PointError::InvalidPrefix => "invalid_prefix",
        PointError::NotOnCurve => "not_on_curve",
        PointError::Hex(_) => "hex",
    }
}

/// Name of a [`RouteError`].
pub fn route_error(e: RouteError) -> &'static str {
    match e {
        RouteError::TweakMismatch => "tweak_mismatch",
        RouteError::WrongScalar => "wrong_scalar",
        RouteError::Degenerate => "degenerate",
        RouteError::RngFailure => "rng_failure",
    }
}

/// Name of a [`SchnorrAdaptorError`].
pub fn schnorr_adaptor_error(e: SchnorrAdaptorError) -> &'static str {
    match e {
        SchnorrAdaptorError::InvalidLength => "invalid_length",
        SchnorrAdaptorError::Hex(_) => "hex",
        SchnorrAdaptorError::InvalidNoncePoint => "invalid_nonce_point",
        SchnorrAdaptorError::ScalarOverflow => "scalar_overflow",
        SchnorrAdaptorError::InvalidPreSignature => "invalid_pre_signature",
        SchnorrAdaptorError::InvalidSignature => "invalid_signature",
        SchnorrAdaptorError::SignatureMismatch => "signature_mismatch",
        SchnorrAdaptorError::WrongScalar => "wrong_scalar",
        SchnorrAdaptorError::Degenerate => "degenerate",
    }
}

/// Name of an [`EcdsaAdaptorError`].
pub fn ecdsa_adaptor_error(e: EcdsaAdaptorError) -> &'static str {
    match e {
        EcdsaAdaptorError::InvalidLength => "invalid_length",
        EcdsaAdaptorError::InvalidPoint => "invalid_point",
        EcdsaAdaptorError::InvalidScalar => "invalid_scalar",
        EcdsaAdaptorError::Hex(_) => "hex",
        EcdsaAdaptorError::InvalidProof => "invalid_proof",
        EcdsaAdaptorError::InvalidSignature => "invalid_signature",
        EcdsaAdaptorError::SignatureMismatch => "signature_mismatch",
        EcdsaAdaptorError::ScalarMismatch => "scalar_mismatch",
        EcdsaAdaptorError::Degenerate => "degenerate",
    }
}

/// Name of a [`PayForSignatureError`].
pub fn pay_for_signature_error(e: PayForSignatureError) -> &'static str {
    match e {
        PayForSignatureError::InvalidNonce => "invalid_nonce",
        PayForSignatureError::InvalidSignature => "invalid_signature",
        PayForSignatureError::WrongScalar => "wrong_scalar",
        PayForSignatureError::Degenerate => "degenerate",
    }
}

/// Name of a [`PayForPartialSignatureError`] (the variant in snake case).
pub fn pay_for_partial_signature_error(e: PayForPartialSignatureError) -> &'static str {
    use PayForPartialSignatureError as E;
    match e {
        E::InvalidPartialSignature { .. } => "invalid_partial_signature",
        E::WrongScalar => "wrong_scalar",
        E::InvalidSignature => "invalid_signature",
        E::AdaptorMismatch => "adaptor_mismatch",
        E::Degenerate => "degenerate",
        E::Musig(_) => "musig",
    }
}

/// The public session of a pay_for_partial_signature.json entry: the fields
/// every kind has.
pub struct PfpsSession<'a> {
    /// The signers' keys, in key-aggregation order.
    pub public_keys: &'a [PublicKey],
    /// The tweaks applied to the aggregate key, in order.
    pub tweaks: &'a [Tweak],
    /// Every signer's public nonce.
    pub pubnonces: &'a [PubNonce],
    /// The message.
    pub message: [u8; 32],
    /// The adaptor point of an adaptor session.
    pub adaptor: Option<&'a PaymentPoint>,
    /// The signer whose partial signature is sold.
    pub signer_index: usize,
}

impl PfpsSession<'_> {
    /// The buyer's offer for signer `signer_index`, built from the public
    /// data alone.
    pub fn offer(&self) -> Result<PartialSignatureOffer, PayForPartialSignatureError> {
        let keys: Vec<[u8; 33]> = self.public_keys.iter().map(PublicKey::serialize).collect();
        let ctx = KeyAggContext::new(&keys)?.apply_tweaks(self.tweaks)?;
        let (pk, pubnonce) = self.signer()?;
        PartialSignatureOffer::new(
            &ctx,
            &AggNonce::sum(self.pubnonces),
            self.message,
            self.adaptor,
            pk,
            pubnonce,
        )
    }

    fn signer(&self) -> Result<(PublicKey, PubNonce), PayForPartialSignatureError> {
        let i = self.signer_index;
        let pk = self.public_keys.get(i).copied();
        let nonce = self.pubnonces.get(i).copied();
        pk.zip(nonce)
            .ok_or(PayForPartialSignatureError::Musig(MusigError::EmptyList))
    }

    /// The seller's check of `psig` as signer `signer_index`'s partial
    /// signature (a `partial_signature_invalid` entry's `error`, `None` if
    /// it opens the point).
    pub fn scalar_error(&self, psig: &PartialSignature) -> Option<&'static str> {
        let result = self.offer().and_then(|o| {
            let (pk, pubnonce) = self.signer()?;
            partial_signature_scalar(o.session(), psig, &pubnonce, &pk, self.signer_index)
        });
        result.err().map(pay_for_partial_signature_error)
    }

    /// The buyer's completion with the revealed `scalar` and its own partial
    /// signatures (a `complete_invalid` entry's `error`, `None` if it
    /// completes).
    pub fn complete_error(
        &self,
        scalar: &PaymentScalar,
        own: &[PartialSignature],
    ) -> Option<&'static str> {
        let result = self.offer().and_then(|o| match self.adaptor {
            None => o.complete(scalar, own).map(|_| ()),
            Some(_) => o.complete_adaptor(scalar, own).map(|_| ()),
        });
        result.err().map(pay_for_partial_signature_error)
    }
}

/// The inputs of a pay_for_partial_signature.json `valid` entry.
pub struct PfpsInputs<'a> {
    /// The signers' secret keys, in key-aggregation order.
    pub secret_keys: &'a [[u8; 32]],
    /// The tweaks applied to the aggregate key, in order.
    pub tweaks: &'a [Tweak],
    /// The message.
    pub message: [u8; 32],
    /// The adaptor secret of an adaptor session.
    pub adaptor_secret: Option<&'a PaymentScalar>,
    /// Each signer's NonceGen randomness (no other NonceGen input).
    pub nonce_rands: &'a [[u8; 32]],
    /// The signer whose partial signature is sold.
    pub signer_index: usize,
}

/// Every output of a pay_for_partial_signature.json `valid` entry: the
/// public keys and nonces, every signer's partial signature, signer
/// `signer_index`'s nonce id and partial-signature point (computed by the
/// buyer's offer, and opened by the seller's checked scalar), and the
/// completed signature (with the pre-signature in an adaptor session), which
/// verifies under `aggregate_key`.
pub fn pay_for_partial_signature_outputs(
    i: &PfpsInputs<'_>,
) -> Result<Value, PayForPartialSignatureError> {
    use PayForPartialSignatureError as E;
    if i.nonce_rands.len() != i.secret_keys.len() {
        return Err(E::Musig(MusigError::EmptyList));
    }
    let kps = i
        .secret_keys
        .iter()
        .map(|s| Keypair::from_secret_bytes(*s).map_err(|_| E::Degenerate))
        .collect::<Result<Vec<_>, _>>()?;
    let pks: Vec<PublicKey> = kps.iter().map(Keypair::public_key).collect();
    let (mut secs, mut pubs) = (Vec::new(), Vec::new());
    for (pk, rand) in pks.iter().zip(i.nonce_rands) {
        let (sec, pubnonce) = nonce_gen_with_rand(rand, pk, Default::default())?;
        secs.push(sec);
        pubs.push(pubnonce);
    }
    let t_point = i.adaptor_secret.map(PaymentScalar::point);
    let session = PfpsSession {
        public_keys: &pks,
        tweaks: i.tweaks,
        pubnonces: &pubs,
        message: i.message,
        adaptor: t_point.as_ref(),
        signer_index: i.signer_index,
    };
    let offer = session.offer()?;
    let psigs = secs
        .into_iter()
        .zip(&kps)
        .map(|(sec, kp)| signing::sign(sec, kp, offer.session()))
        .collect::<Result<Vec<_>, _>>()?;
    let (pk, pubnonce) = session.signer()?;
    let psig = psigs.get(i.signer_index).ok_or(E::Degenerate)?;
    let s = partial_signature_scalar(offer.session(), psig, &pubnonce, &pk, i.signer_index)?;
    if !s.opens(&offer.point()) {
        return Err(E::WrongScalar);
    }
    let own: Vec<PartialSignature> = psigs
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i.signer_index)
        .map(|(_, p)| *p)
        .collect();
    let key = offer.session().key_agg_context().x_only_public_key();
    let (pre, sig) = match i.adaptor_secret {
        None => (None, offer.complete(&s, &own)?),
        Some(t) => {
            let pre = offer.complete_adaptor(&s, &own)?;
            let sig = ptlc::schnorr_adaptor::adapt(&pre, t, &key, &i.message)
                .map_err(|_| E::InvalidSignature)?;
            (Some(pre), sig)
        }
    };
    schnorr::verify(&sig, &i.message, &key).map_err(|_| E::InvalidSignature)?;
    let mut out = json!({
        "public_keys": pks.iter().map(|p| hex(&p.serialize())).collect::<Vec<_>>(),
        "pubnonces": pubs.iter().map(|p| hex(&p.to_bytes())).collect::<Vec<_>>(),
        "adaptor": t_point.map(|t| hex(&t.to_bytes())),
        "partial_signatures": psigs.iter().map(|p| hex(&p.to_bytes())).collect::<Vec<_>>(),
        "nonce_id": hex(&NonceId::of(&pubnonce).to_bytes()),
        "partial_signature_point": hex(&offer.point().to_bytes()),
        "signature": hex(sig.as_byte_array()),
        "aggregate_key": hex(&key.to_byte_array()),
    });
    if let (Some(pre), Some(o)) = (pre, out.as_object_mut()) {
        o.insert("pre_signature".to_owned(), json!(hex(&pre.to_bytes())));
    }
    Ok(out)
}

/// A [`MusigError`] that blames a signer, as musig_adaptor.json writes it
/// (BIP-327's `InvalidContributionError`): `{type, signer, contrib}`; `None`
/// for BIP-327's `ValueError`s, which the file has no cases of.
pub fn musig_error(e: MusigError) -> Option<Value> {
    match e {
        MusigError::InvalidContribution {
            signer,
            contribution,
        } => Some(json!({
            "type": "invalid_contribution",
            "signer": signer,
            "contrib": contribution.bip327_name(),
        })),
        _ => None,
    }
}

/// A [`TlvError`] as the vector files write it: `{error[, type]}`.
pub fn tlv_error(e: TlvError) -> Value {
    let (name, typ) = match e {
        TlvError::Truncated => ("truncated", None),
        TlvError::NonMinimalBigSize => ("non_minimal_bigsize", None),
        TlvError::NotAscending => ("not_ascending", None),
        TlvError::Duplicate => ("duplicate", None),
        TlvError::LengthOverrun => ("length_overrun", None),
        TlvError::UnknownEvenType(t) => ("unknown_even_type", Some(t)),
        TlvError::MissingRecord(t) => ("missing_record", Some(t)),
        TlvError::InvalidValue(t) => ("invalid_value", Some(t)),
        TlvError::BufferTooSmall => ("buffer_too_small", None),
    };
    match typ {
        Some(t) => json!({"error": name, "type": t}),
        None => json!({"error": name}),
    }
}

/// A [`BlobError`] as the vector files write it: `{error}`, or
/// `{error: "tlv", tlv: {error[, type]}}`.
pub fn blob_error(e: BlobError) -> Value {
    let name = match e {
        BlobError::TooLarge => "too_large",
        BlobError::BufferTooSmall => "buffer_too_small",
        BlobError::Truncated => "truncated",
        BlobError::UnknownVersion(_) => "unknown_version",
        BlobError::InvalidLength => "invalid_length",
        BlobError::InvalidEphemeralKey => "invalid_ephemeral_key",
        BlobError::RngFailure => "rng_failure",
        BlobError::KeyCommitmentMismatch => "key_commitment_mismatch",
        BlobError::AuthenticationFailed => "authentication_failed",
        BlobError::BadPadding => "bad_padding",
        BlobError::PlaintextTooLong => "plaintext_too_long",
        BlobError::NonCanonicalBucket => "non_canonical_bucket",
        BlobError::Tlv(t) => return json!({"error": "tlv", "tlv": tlv_error(t)}),
    };
    json!({"error": name})
}

/// A parsed package's fields, as `packages` entries in blob.json hold them.
pub fn package_fields(p: &Package<'_>) -> Value {
    json!({
        "transaction": hex(p.transaction),
        "signer": hex(&p.signer.to_byte_array()),
        "signature": hex(p.signature.expose_secret()),
        "amount_msat": p.amount_msat,
        "expiry": p.expiry,
        "note": p.note.map(hex),
    })
}

/// A parsed MuSig2 package's fields, as `musig_packages` entries in
/// blob.json hold them (named as SPEC.md's "The MuSig2 package" table).
pub fn musig_package_fields(p: &MusigPackage<'_>) -> Value {
    json!({
        "transaction": hex(p.transaction),
        "musig_keys": p.keys.iter().map(|k| hex(&k.serialize())).collect::<Vec<_>>(),
        "musig_tweak": hex(&p.tweak),
        "musig_payer_index": p.payer_index,
        "musig_payer_nonce": hex(&p.payer_nonce.to_bytes()),
        "musig_cosigner_nonce_id": hex(&p.cosigner_nonce_id.to_bytes()),
        "musig_partial_signature": hex(p.partial_signature.expose_secret()),
        "amount_msat": p.amount_msat,
        "expiry": p.expiry,
        "note": p.note.map(hex),
    })
}

/// Name of a [`MailboxRouteError`] (the variant in snake case; a nested TLV
/// error or a record type is not part of the name).
pub fn mailbox_route_error(e: MailboxRouteError) -> &'static str {
    use MailboxRouteError as E;
    match e {
        E::BufferTooSmall => "buffer_too_small",
        E::NoHops => "no_hops",
        E::TooManyHops => "too_many_hops",
        E::TooLarge => "too_large",
        E::PathIdTooLong => "path_id_too_long",
        E::InvalidSecret => "invalid_secret",
        E::ZeroScalar => "zero_scalar",
        E::RngFailure => "rng_failure",
        E::UnsupportedIntroduction => "unsupported_introduction",
        E::Truncated => "truncated",
        E::TrailingBytes => "trailing_bytes",
        E::InvalidPoint => "invalid_point",
        E::InvalidRecord => "invalid_record",
        E::InvalidPacketLength => "invalid_packet_length",
        E::UnknownVersion(_) => "unknown_version",
        E::InvalidOnionKey => "invalid_onion_key",
        E::BadHmac => "bad_hmac",
        E::BadPayloadLength => "bad_payload_length",
        E::Payload(_) => "payload",
        E::MissingEncryptedData => "missing_encrypted_data",
        E::UndecryptableEncryptedData => "undecryptable_encrypted_data",
        E::EncryptedData(_) => "encrypted_data",
        E::UnexpectedFieldAtRelay(_) => "unexpected_field_at_relay",
        E::PathIdAtRelay => "path_id_at_relay",
        E::NoNextHop => "no_next_hop",
        E::PaymentFieldInMessage(_) => "payment_field_in_message",
        E::UnknownFeature => "unknown_feature",
        E::ForwardFieldAtFinal => "forward_field_at_final",
        E::MissingPathId => "missing_path_id",
        E::MissingBlob => "missing_blob",
        E::UnexpectedPayload(_) => "unexpected_payload",
        E::ReplyPathUnsupported => "reply_path_unsupported",
    }
}

/// The inputs of a mailbox_route.json `valid` entry.
pub struct MailboxRouteInputs<'a> {
    /// The payer's relays' node secrets, first hop first.
    pub payer_relay_secrets: &'a [SecretKey],
    /// The payee's relays' node secrets, introduction node first.
    pub payee_relay_secrets: &'a [SecretKey],
    /// The mailbox's node secret.
    pub mailbox_secret: &'a SecretKey,
    /// The mailbox id (`path_id`).
    pub mailbox_id: &'a [u8],
    /// The payee path's `e_0`.
    pub payee_path_secret: &'a [u8; 32],
    /// The Sphinx session key.
    pub session_key: &'a [u8; 32],
    /// The payer path's `e'_0`.
    pub payer_path_secret: &'a [u8; 32],
    /// The blob.
    pub blob: &'a [u8],
}

/// Every output of a mailbox_route.json `valid` entry: the node ids, the
/// payee's blinded path, the payer's onion message and what each hop's `peel`
/// returns (a forwarded packet as its SHA-256).
pub fn mailbox_route_outputs(i: &MailboxRouteInputs<'_>) -> Result<Value, MailboxRouteError> {
    use sha2::{Digest, Sha256};
    let id = |k: &SecretKey| PublicKey::from_secret_key(k);
    let ids = |ks: &[SecretKey]| ks.iter().map(id).collect::<Vec<_>>();
    let hexes = |ps: &[PublicKey]| ps.iter().map(|p| hex(&p.serialize())).collect::<Vec<_>>();
    let (payer, payee, mailbox) = (
        ids(i.payer_relay_secrets),
        ids(i.payee_relay_secrets),
        id(i.mailbox_secret),
    );
    let mut path = vec![0u8; mailbox_path_len(payee.len(), i.mailbox_id.len())?];
    let n = build_mailbox_path_with_key(
        i.payee_path_secret,
        &payee,
        &mailbox,
        i.mailbox_id,
        &mut path,
    )?;
    path.truncate(n);
    let parsed = BlindedPath::parse(&path)?;
    let records = [Record {
        typ: BLOB_TLV_TYPE,
        value: i.blob,
    }];
    let mut packet = vec![0u8; LARGE_PACKET_LEN];
    let msg = build_onion_with_keys(
        i.session_key,
        i.payer_path_secret,
        &payer,
        &parsed,
        &records,
        1300,
        &mut packet,
    )
    .or_else(|_| {
        build_onion_with_keys(
            i.session_key,
            i.payer_path_secret,
            &payer,
            &parsed,
            &records,
            32768,
            &mut packet,
        )
    })?;
    packet.truncate(msg.len);
    let secrets = i
        .payer_relay_secrets
        .iter()
        .chain(i.payee_relay_secrets)
        .chain([i.mailbox_secret]);
    let (mut key, mut current) = (msg.path_key, packet.clone());
    let (mut path_keys, mut next_ids, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
    let mut received = None;
    for k in secrets {
        path_keys.push(hex(&key.serialize()));
        let mut out = vec![0u8; current.len()];
        match peel(k, &key, &current, &mut out)? {
            Peeled::Forward(f) => {
                next_ids.push(match f.next_hop {
                    NextHop::NodeId(n) => hex(&n.serialize()),
                    NextHop::ShortChannelId(s) => format!("scid:{s}"),
                });
                hashes.push(hex(&Sha256::digest(f.packet)));
                key = f.next_path_key;
                current = f.packet.to_vec();
            }
            Peeled::Final { path_id, blob } => {
                received = Some((hex(path_id), hex(blob)));
                break;
            }
        }
    }
    let (path_id, blob) = received.ok_or(MailboxRouteError::NoHops)?;
    Ok(json!({
        "payer_relays": hexes(&payer),
        "payee_relays": hexes(&payee),
        "mailbox": hex(&mailbox.serialize()),
        "blinded_path": hex(&path),
        "first_node_id": hex(&msg.first_node_id.serialize()),
        "path_key": hex(&msg.path_key.serialize()),
        "packet": hex(&packet),
        "hop_path_keys": path_keys,
        "next_node_ids": next_ids,
        "next_packet_hashes": hashes,
        "path_id": path_id,
        "received_blob": blob,
    }))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
