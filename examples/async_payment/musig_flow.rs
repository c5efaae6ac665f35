//! The asynchronous payment over a Taproot (MuSig2) channel, one function per
//! step (SPEC.md, "Pay-for-partial-signature", "The asynchronous payment flow
//! over a MuSig2 channel").
//!
//! * **A** and **S** share a channel whose funding output is P2TR with the
//!   BIP-341-tweaked MuSig2 key of both; S pre-shares a public nonce with A.
//! * **A** builds the settlement paying S, makes its *partial* signature
//!   `s_A`, seals it in a MuSig2 package to **B** and goes offline.
//! * **B** asks S for the nonce the package names, checks `s_A` against the
//!   session, and offers S the settlement and A's public nonce, not `s_A`.
//! * **S** computes A's partial-signature point `T` itself, takes the slot's
//!   secret nonce (single use), and pays B through a PTLC locked to `T`.
//!   B claims with `s_A`; S extracts it, adds its own partial signature, and
//!   has the 2-of-2 signature on the settlement.
#![allow(dead_code)]

use bitcoin::{Psbt, Transaction};
use ptlc::musig::key_agg::KeyAggContext;
use ptlc::musig::nonces::{self, NonceGenInputs, PubNonce};
use ptlc::musig::session::Session;
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::package::{MusigPackage, SecretPartialSignature};
use ptlc::pay_for_partial_signature::{
    partial_signature_point, partial_signature_scalar, NonceId, PartialSignatureOffer,
};
use ptlc::rand_core::{CryptoRng, RngCore};
use ptlc::secp256k1 as secp;
use ptlc::{PaymentPoint, PaymentScalar};

use crate::btc;
use crate::channel::{Channel, NonceSlots};
use crate::flow::{self, short, Config, Failure, FlowError, Log, Outcome, Verified};

/// What A has made by the time it goes offline.
pub struct MusigPayer {
    /// The settlement paying S, unsigned, with the funding output it spends.
    pub psbt: Psbt,
    /// A's index in the channel's key order.
    pub index: u8,
    /// A's public nonce for this one signature.
    pub nonce: PubNonce,
    /// A's partial signature on the settlement: what B will sell.
    pub partial_signature: SecretPartialSignature,
}

/// Step 1: A builds the settlement of `amount_sat` paying `pay_to` (S's
/// address) from the channel's funding output, generates its nonce,
/// aggregates it with S's pre-shared one and makes its partial signature.
/// With `sign_stale`, A's wallet signs a different sighash than the
/// transaction it packs (the wrong-partial-signature failure).
pub fn a_signs_partial<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    channel: &Channel,
    a_key: &secp::Keypair,
    s_nonce: &PubNonce,
    (pay_to, amount_sat): (bitcoin::ScriptBuf, u64),
    sign_stale: bool,
    log: &mut Log,
) -> Result<MusigPayer, FlowError> {
    let index = channel
        .index_of(&a_key.public_key())
        .ok_or(FlowError::Protocol("A's key is not in the channel"))?;
    let tx = btc::spend_tx(channel.funding, pay_to, amount_sat);
    let msg = btc::taproot_sighash(&tx, &channel.coin);
    let sk = a_key.secret_key();
    let q = channel.output_key.to_byte_array();
    let inputs = NonceGenInputs {
        secret_key: Some(&sk),
        aggregate_key: Some(&q),
        message: Some(&msg),
        ..Default::default()
    };
    let (a_secnonce, a_nonce) = nonces::nonce_gen(rng, &a_key.public_key(), inputs)?;
    let aggnonce = nonces::nonce_agg(&[a_nonce.to_bytes(), s_nonce.to_bytes()])?;
    let signed = if sign_stale {
        log.say("!! A's wallet signs the sighash of an earlier draft of the settlement");
        let draft = btc::spend_tx(
            channel.funding,
            tx.output[0].script_pubkey.clone(),
            amount_sat - 1,
        );
        btc::taproot_sighash(&draft, &channel.coin)
    } else {
        msg
    };
    let session = Session::new(&channel.key_ctx, &aggnonce, &signed, None)?;
    // sign consumes A's secret nonce: it cannot sign a second time with it.
    let psig = signing::sign(a_secnonce, a_key, &session)?;
    log.say(format!(
        "A  settlement tx {} spends the channel output, pays S {amount_sat} sat; BIP341 sighash {}",
        tx.compute_txid(),
        short(&msg)
    ));
    log.say(format!(
        "A  is signer {index}; nonce N_A {}, aggregated with S's N_S; partial signature s_A {}   [s_A is what B will sell]",
        short(&a_nonce.to_bytes()),
        short(&psig.to_bytes())
    ));
    let mut psbt = Psbt::from_unsigned_tx(tx).map_err(|_| FlowError::Protocol("unsigned tx"))?;
    psbt.inputs[0].witness_utxo = Some(channel.coin.clone());
    Ok(MusigPayer {
        psbt,
        index,
        nonce: a_nonce,
        partial_signature: SecretPartialSignature::from_byte_array(psig.to_bytes()),
    })
}

/// Step 1, continued: A seals the MuSig2 package to B's node key.
/// Returns (package length, sealed blob).
pub fn a_seals_musig_package<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    channel: &Channel,
    a: &MusigPayer,
    s_nonce_id: NonceId,
    b_node: &secp::PublicKey,
    (amount_msat, expiry, note): (u64, u64, &[u8]),
    log: &mut Log,
) -> Result<(usize, Vec<u8>), FlowError> {
    let psbt = a.psbt.serialize();
    let package = MusigPackage {
        transaction: &psbt,
        keys: channel.keys,
        tweak: channel.tweak,
        payer_index: a.index,
        payer_nonce: a.nonce,
        cosigner_nonce_id: s_nonce_id,
        partial_signature: a.partial_signature.clone(),
        amount_msat,
        expiry,
        note: Some(note),
    };
    let (n, sealed) = flow::seal_to(rng, b_node, package.encoded_len(), |out| {
        package.encode(out)
    })?;
    log.say(format!(
        "A  MuSig2 package (TLV): PSBT {} B + both keys + tweak + index + N_A + id(N_S) + s_A + amount + expiry + note = {n} B",
        psbt.len()
    ));
    flow::log_sealed(b_node, &sealed, log);
    Ok((n, sealed))
}

/// What B learns from a MuSig2 package.
pub struct MusigPayee {
    /// The settlement.
    pub psbt: Psbt,
    /// The output it spends (the channel's funding output).
    pub spent: bitcoin::TxOut,
    /// The channel keys in order.
    pub keys: [secp::PublicKey; 2],
    /// The key context they and the tweak describe.
    pub key_ctx: KeyAggContext,
    /// A's index.
    pub payer_index: u8,
    /// A's public nonce.
    pub payer_nonce: PubNonce,
    /// Which of S's pre-shared nonces A used.
    pub nonce_id: NonceId,
    /// A's partial signature, unchecked until S's nonce is known.
    pub partial_signature: SecretPartialSignature,
    /// The amount A pays.
    pub amount_msat: u64,
}

/// Step 2: B opens one sealed blob and reads the MuSig2 package: expiry, the
/// settlement, and that it spends the key context's P2TR output.
pub fn b_opens_musig_package(
    sealed: &[u8],
    b_node: &secp::Keypair,
    now: u64,
    log: &mut Log,
) -> Result<MusigPayee, FlowError> {
    log.say(format!("mailbox → B: {} B", sealed.len()));
    flow::open_blob(b_node, sealed, |plain| {
        let package = MusigPackage::parse(plain)?;
        log.say(format!(
            "B  opens it: {} msat, MuSig2 package from signer {} of keys ({}, {}), note {:?}",
            package.amount_msat,
            package.payer_index,
            short(&package.keys[0].serialize()),
            short(&package.keys[1].serialize()),
            flow::note_text(package.note)
        ));
        package.check_expiry(now)?;
        flow::say_valid_for(package.expiry, now, log);
        let (psbt, spent) = flow::parse_settlement(package.transaction)?;
        let key_ctx = package.key_agg_context()?;
        if spent.script_pubkey != btc::p2tr_script(&key_ctx.x_only_public_key()) {
            return Err(FlowError::Protocol(
                "the key context does not control the spent output",
            ));
        }
        Ok(MusigPayee {
            psbt,
            spent,
            keys: package.keys,
            key_ctx,
            payer_index: package.payer_index,
            payer_nonce: package.payer_nonce,
            nonce_id: package.cosigner_nonce_id,
            partial_signature: package.partial_signature.clone(),
            amount_msat: package.amount_msat,
        })
    })
}

/// What B holds once A's partial signature checked out.
pub struct CheckedSale {
    /// `s_A`, the scalar B sells.
    pub s_a: PaymentScalar,
    /// A's partial-signature point `T = s_A·G`.
    pub point: PaymentPoint,
}

/// Step 3a: B gets S's public nonce for the package's identifier (S answers
/// only for a live slot), checks it hashes to that identifier, rebuilds the
/// session and checks A's partial signature. A wrong partial signature stops
/// here: B has nothing to sell.
pub fn b_checks_partial_signature(
    b: &MusigPayee,
    slots: &NonceSlots,
    log: &mut Log,
) -> Result<CheckedSale, FlowError> {
    log.say(format!(
        "B → S: which nonce is id(N_S) = {}?",
        short(&b.nonce_id.to_bytes())
    ));
    let s_nonce = slots.public(&b.nonce_id)?;
    if !b.nonce_id.matches(&s_nonce) {
        return Err(FlowError::Protocol(
            "S's nonce does not match its identifier",
        ));
    }
    log.say(format!(
        "S → B: N_S = {} (it hashes to the identifier A committed to)",
        short(&s_nonce.to_bytes())
    ));
    let aggnonce = nonces::nonce_agg(&[b.payer_nonce.to_bytes(), s_nonce.to_bytes()])?;
    let msg = btc::taproot_sighash(&b.psbt.unsigned_tx, &b.spent);
    let session = Session::new(&b.key_ctx, &aggnonce, &msg, None)?;
    let index = usize::from(b.payer_index);
    let payer_key = b
        .keys
        .get(index)
        .ok_or(FlowError::Protocol("payer index"))?;
    let psig = b.partial_signature.to_partial_signature()?;
    let checked = partial_signature_scalar(&session, &psig, &b.payer_nonce, payer_key, index);
    let s_a = match checked {
        Ok(s_a) => s_a,
        Err(e) => {
            log.say(format!(
                "B  A's partial signature does not verify against the session ({e}): B refuses to offer it"
            ));
            return Err(e.into());
        }
    };
    let point = partial_signature_point(&session, &b.payer_nonce, payer_key)?;
    log.say(format!(
        "B  A's partial signature verifies; its point T = Re_A' + e·a_A·g'·X_A = {}",
        short(&point.to_bytes())
    ));
    Ok(CheckedSale { s_a, point })
}

/// What B sends S to sell A's partial signature: the settlement, A's public
/// nonce and the identifier of S's nonce. Not `s_A`.
pub struct PartialSale {
    /// The settlement with the output it spends.
    pub psbt: Psbt,
    /// A's public nonce.
    pub payer_nonce: PubNonce,
    /// Which of S's pre-shared nonces A used.
    pub nonce_id: NonceId,
}

impl MusigPayee {
    /// The offer B sends S.
    pub fn sale(&self) -> PartialSale {
        PartialSale {
            psbt: self.psbt.clone(),
            payer_nonce: self.payer_nonce,
            nonce_id: self.nonce_id,
        }
    }
}

/// What S holds after locking its PTLC: its view of the sale and its own
/// partial signature (made with the slot's nonce, now gone).
pub struct SPurchase {
    /// S's offer: its own session and A's partial-signature point.
    pub offer: PartialSignatureOffer,
    /// S's partial signature on the settlement.
    pub own: PartialSignature,
    /// The settlement.
    pub psbt: Psbt,
    /// The output it spends (the channel's funding output).
    pub spent: bitcoin::TxOut,
}

/// S's own keys and addresses.
pub struct SParty<'a> {
    /// The channel.
    pub channel: &'a Channel,
    /// S's channel key.
    pub channel_key: &'a secp::Keypair,
    /// S's wallet key, which funds the PTLC.
    pub wallet: &'a secp::Keypair,
    /// Where the settlement must pay S.
    pub receive: &'a bitcoin::ScriptBuf,
}

/// Step 3b: S checks the settlement spends its channel and pays it, takes the
/// slot's secret nonce (from now on the slot is used), builds the session
/// from its own copy of the key context, computes A's partial-signature
/// point itself, signs its own part (consuming the nonce) and pays B through
/// a PTLC locked to the point.
pub fn s_buys_partial_signature<R: RngCore + ?Sized>(
    rng: &mut R,
    cfg: &Config,
    sale: &PartialSale,
    s: &SParty<'_>,
    slots: &mut NonceSlots,
    b_receive: bitcoin::ScriptBuf,
    log: &mut Log,
) -> Result<(SPurchase, flow::PtlcOffer), FlowError> {
    log.say(format!(
        "B → S: offer = settlement PSBT {} B + N_A + id(N_S); s_A stays with B",
        sale.psbt.serialize().len()
    ));
    let psbt = sale.psbt.clone();
    let spent = flow::spent_output(&psbt)?;
    let tx = &psbt.unsigned_tx;
    let pays_s = flow::paid_to(tx, s.receive);
    if tx.input[0].previous_output != s.channel.funding
        || spent != s.channel.coin
        || pays_s < flow::AMOUNT_SAT
    {
        return Err(FlowError::Protocol(
            "the settlement does not spend the channel to pay S",
        ));
    }
    let (secnonce, s_nonce) = slots.take(&sale.nonce_id)?;
    let msg = btc::taproot_sighash(tx, &spent);
    let aggnonce = nonces::nonce_agg(&[sale.payer_nonce.to_bytes(), s_nonce.to_bytes()])?;
    let a_key = *s
        .channel
        .keys
        .iter()
        .find(|k| **k != s.channel_key.public_key())
        .ok_or(FlowError::Protocol("S's key is not in the channel"))?;
    let offer = PartialSignatureOffer::new(
        &s.channel.key_ctx,
        &aggnonce,
        msg,
        None,
        a_key,
        sale.payer_nonce,
    )?;
    let own = signing::sign(secnonce, s.channel_key, offer.session())?;
    log.say(format!(
        "S  settlement pays S {pays_s} sat from the channel; S computes A's partial-signature point T = {} itself",
        short(&offer.point().to_bytes())
    ));
    log.say("S  takes the slot's secret nonce (the slot is used from now on) and makes its own partial signature s_S");
    let ptlc = flow::s_locks_ptlc(rng, cfg.ptlc, &offer.point(), s.wallet, b_receive, log);
    Ok((
        SPurchase {
            offer,
            own,
            psbt,
            spent,
        },
        ptlc,
    ))
}

/// Step 5: S extracts `s_A` from B's published claim, adds its own partial
/// signature, and publishes the settlement under the 2-of-2 signature.
pub fn s_completes(
    ptlc: &flow::PtlcOffer,
    published_claim: &Transaction,
    purchase: &SPurchase,
    log: &mut Log,
) -> Result<Verified, FlowError> {
    let s_a = flow::s_extracts(ptlc, published_claim, &purchase.offer.point())?;
    log.say("S  reads the claim's signature off the chain and extracts s_A (it opens T)");
    let sig = purchase.offer.complete(&s_a, &[purchase.own])?;
    let mut tx = purchase.psbt.unsigned_tx.clone();
    btc::set_taproot_witness(&mut tx, &sig);
    let spent = vec![purchase.spent.clone()];
    btc::consensus_verify(&tx, &spent).map_err(|e| FlowError::Consensus("settlement", e))?;
    let (size, vsize) = btc::sizes(&tx);
    log.say(format!(
        "S  s_A + s_S aggregate to a BIP-340 signature under Q; the settlement: {size} B ({vsize} vB), accepted by libbitcoinconsensus"
    ));
    Ok(Verified {
        name: "settlement paying S (A and S's 2-of-2 signature)",
        tx,
        spent,
    })
}

/// The second order in the nonce-reuse failure.
const SECOND_AMOUNT_SAT: u64 = 20_000;

/// The whole flow over a MuSig2 channel.
pub fn run<R: RngCore + CryptoRng + ?Sized>(
    cfg: &Config,
    rng: &mut R,
    log: &mut Log,
) -> Result<Outcome, FlowError> {
    let a_channel = flow::random_keypair(rng);
    let s_channel = flow::random_keypair(rng);
    let flow::Parties {
        s_wallet,
        b_node,
        s_receive,
        b_receive,
        mut route,
    } = flow::Parties::new(rng);

    log.heading("0. While everyone is online: A and S's channel, S's nonce for A, B's path");
    let channel = Channel::open(
        &a_channel.public_key(),
        &s_channel.public_key(),
        flow::AMOUNT_SAT + flow::FEE_SAT,
        log,
    )?;
    let mut slots = NonceSlots::default();
    let s_nonce = slots.issue(rng, &s_channel, &channel.output_key)?;
    let s_nonce_id = NonceId::of(&s_nonce);
    log.say(format!(
        "S → A: a public nonce N_S for one offline payment, id(N_S) = {}; S keeps its secret nonce for that slot",
        short(&s_nonce_id.to_bytes())
    ));
    let path = route.b_publishes_path(rng, flow::MAILBOX_ID, log)?;
    log.say("B  goes offline.");

    log.heading("1. A pays while B is offline: its partial signature");
    let wrong_psig = cfg.failure == Some(Failure::WrongPartialSignature);
    let a = a_signs_partial(
        rng,
        &channel,
        &a_channel,
        &s_nonce,
        (s_receive.clone(), flow::AMOUNT_SAT),
        wrong_psig,
        log,
    )?;
    let expiry = cfg.now.saturating_add(flow::EXPIRY_SECS);
    let amount = (flow::AMOUNT_SAT * 1000, expiry, flow::NOTE);
    let (package_len, sealed) = a_seals_musig_package(
        rng,
        &channel,
        &a,
        s_nonce_id,
        &b_node.public_key(),
        amount,
        log,
    )?;
    let blob_len = sealed.len();
    route.a_sends(rng, &path, &sealed, log)?;
    drop(a);
    if cfg.failure == Some(Failure::NonceReuse) {
        log.say("!! A pays B a second order and reuses S's pre-shared nonce N_S for it");
        let again = a_signs_partial(
            rng,
            &channel,
            &a_channel,
            &s_nonce,
            (s_receive.clone(), SECOND_AMOUNT_SAT),
            false,
            log,
        )?;
        let amount = (
            SECOND_AMOUNT_SAT * 1000,
            expiry,
            &b"order #43: a croissant"[..],
        );
        let (_, sealed) = a_seals_musig_package(
            rng,
            &channel,
            &again,
            s_nonce_id,
            &b_node.public_key(),
            amount,
            log,
        )?;
        route.a_sends(rng, &path, &sealed, log)?;
    }
    log.say("A  goes offline.");

    let b_now = flow::b_comes_online(cfg, &mut route, blob_len, log);
    let blobs = route.b_fetches(flow::MAILBOX_ID);
    let first = blobs.first().ok_or(FlowError::Protocol("no blob for B"))?;
    let b = b_opens_musig_package(first, &b_node, b_now, log)?;
    if b.amount_msat != flow::AMOUNT_SAT * 1000 {
        return Err(FlowError::Protocol("unexpected amount"));
    }

    log.heading(
        "3. B checks A's partial signature and sells it to S; S pays with a PTLC locked to T",
    );
    let checked = b_checks_partial_signature(&b, &slots, log)?;
    let s_party = SParty {
        channel: &channel,
        channel_key: &s_channel,
        wallet: &s_wallet,
        receive: &s_receive,
    };
    let (purchase, ptlc) =
        s_buys_partial_signature(rng, cfg, &b.sale(), &s_party, &mut slots, b_receive, log)?;
    let adaptor_sig_len = ptlc.sig.len();

    log.heading("4. B claims the PTLC with s_A");
    let scalar = if cfg.failure == Some(Failure::WrongScalar) {
        let wrong = flow::wrong_scalar(rng, "s_A", log)?;
        if let Err(e) = purchase.offer.complete(&wrong, &[purchase.own]) {
            log.say(format!(
                "   (had S been handed it, PartialSignatureOffer::complete says PayForPartialSignatureError::{e:?}: {e})"
            ));
        }
        wrong
    } else {
        checked.s_a.clone()
    };
    let claim = flow::b_claims(&ptlc, &checked.point, &scalar, log)?;

    log.heading("5. S learns s_A from the chain and completes the 2-of-2 signature");
    let settlement = s_completes(&ptlc, &claim.tx, &purchase, log)?;

    if let Some(second) = blobs.get(1) {
        log.heading("6. B opens the second package: it names the same nonce of S's");
        let b2 = b_opens_musig_package(second, &b_node, b_now, log)?;
        if let Err(e) = b_checks_partial_signature(&b2, &slots, log) {
            log.say(format!("S  refuses: {e}"));
            return Err(e);
        }
        return Err(FlowError::Protocol("S answered for a used nonce"));
    }

    Ok(Outcome {
        transactions: vec![claim, settlement],
        blob_len,
        package_len,
        adaptor_sig_len,
    })
}
