//! The asynchronous payment, one function per step, shared by the example
//! (`examples/async_payment/main.rs`) and its integration test
//! (`tests/async_payment.rs`).
//!
//! Parties:
//! * **A**, the payer, controls a Taproot output. It pre-signs a settlement
//!   transaction paying its channel partner **S**, seals it to **B**, and goes
//!   offline.
//! * **B**, the payee, comes online later, opens the blob and sells A's
//!   signature to S: it reveals only the nonce `R`, from which S computes the
//!   signature point `T = R + e·Q`.
//! * **S** pays for the signature with a PTLC locked to `T`: an adaptor
//!   pre-signature on a transaction paying B (Schnorr on a Taproot output, or
//!   ECDSA on a P2WPKH output with `--ecdsa`). B claims it with `s`; S extracts
//!   `s` from the published claim and completes A's signature.
//!
//! Every final transaction is checked by Bitcoin Core's consensus code.
#![allow(dead_code)]

use std::fmt;

use bitcoin::{Psbt, Transaction, TxOut};
use ptlc::blob::{self, BlobError};
use ptlc::ecdsa_adaptor::{self, EcdsaAdaptorError};
use ptlc::mailbox_route::MailboxRouteError;
use ptlc::musig::MusigError;
use ptlc::package::{Package, PackageError};
use ptlc::pay_for_partial_signature::PayForPartialSignatureError;
use ptlc::pay_for_signature::{self, PayForSignatureError, SignatureOffer};
use ptlc::rand_core::{CryptoRng, RngCore};
use ptlc::schnorr_adaptor::{self, SchnorrAdaptorError};
use ptlc::secp256k1 as secp;
use ptlc::tlv::TlvError;
use ptlc::{PaymentPoint, PaymentScalar};
use zeroize::Zeroize;

use crate::btc;
use crate::channel::NonceSlotError;
use crate::route::MailboxRoute;

/// Which kind of PTLC S uses to pay B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PtlcKind {
    /// Schnorr adaptor pre-signature on a Taproot key-path output.
    Schnorr,
    /// ECDSA adaptor signature on a P2WPKH output (pre-Taproot channels).
    Ecdsa,
}

/// Whose signature B sells: what A's coin is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    /// A and S share a Taproot channel, a MuSig2 2-of-2 funding output: A
    /// pre-signs its partial signature and B sells it (pay-for-partial-signature).
    Musig2,
    /// A's coin is a single-key Taproot output: A pre-signs a whole BIP-340
    /// signature and B sells it (pay-for-signature).
    SingleKey,
}

/// A failure the example can show on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// B tries to claim S's PTLC with a scalar that is not `s`.
    WrongScalar,
    /// A's partial signature does not verify (MuSig2 channel): B refuses to offer it.
    WrongPartialSignature,
    /// A uses S's pre-shared nonce for a second payment (MuSig2 channel): S refuses.
    NonceReuse,
    /// The store-and-forward server flips one byte of the sealed blob.
    TamperedBlob,
    /// B comes online after the package's expiry.
    Expired,
}

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// A MuSig2 channel or a single-key coin.
    pub channel: ChannelKind,
    /// Schnorr or ECDSA PTLC.
    pub ptlc: PtlcKind,
    /// A failure to inject, if any.
    pub failure: Option<Failure>,
    /// A's clock when it seals the package (UNIX seconds).
    pub now: u64,
}

/// What the payment is for.
pub const AMOUNT_SAT: u64 = 50_000;
/// How long B has to sell the signature.
pub const EXPIRY_SECS: u64 = 24 * 3600;
/// B comes online this long after A went offline.
pub const B_OFFLINE_SECS: u64 = 3 * 3600;
/// The associated data every blob of this protocol is sealed under.
pub const BLOB_AAD: &[u8] = b"ptlc async payment example v1";
/// The fee every example transaction pays.
pub const FEE_SAT: u64 = 500;
/// The note A leaves B.
pub const NOTE: &[u8] = b"order #42: two coffees";
/// B's mailbox id: inside the blinded path, readable by the mailbox only.
pub const MAILBOX_ID: &[u8] = b"B's mailbox #7";

/// Why the flow stopped: the crate's typed errors, or a consensus rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowError {
    /// Opening the sealed blob failed.
    Blob(BlobError),
    /// Building, parsing or peeling the mailbox route's onion message failed.
    MailboxRoute(MailboxRouteError),
    /// The package's TLV stream did not parse.
    Tlv(TlvError),
    /// The package is unusable (e.g. expired).
    Package(PackageError),
    /// Pay-for-signature: A's signature, the offer or the completion failed.
    PayForSignature(PayForSignatureError),
    /// Pay-for-partial-signature: A's partial signature, the offer or the completion failed.
    PayForPartialSignature(PayForPartialSignatureError),
    /// A MuSig2 step (key aggregation, nonces, session, signing) failed.
    Musig(MusigError),
    /// S has no usable secret nonce for the identifier in the package.
    NonceSlot(NonceSlotError),
    /// The Schnorr adaptor pre-signature failed a check.
    SchnorrAdaptor(SchnorrAdaptorError),
    /// The ECDSA adaptor signature failed a check.
    EcdsaAdaptor(EcdsaAdaptorError),
    /// libbitcoinconsensus rejected a transaction.
    Consensus(&'static str, bitcoinconsensus::Error),
    /// Something the counterparty sent is not what the protocol expects.
    Protocol(&'static str),
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlowError::Blob(e) => write!(f, "BlobError::{e:?}: {e}"),
            FlowError::MailboxRoute(e) => write!(f, "MailboxRouteError::{e:?}: {e}"),
            FlowError::Tlv(e) => write!(f, "TlvError::{e:?}: {e}"),
            FlowError::Package(e) => write!(f, "PackageError::{e:?}: {e}"),
            FlowError::PayForSignature(e) => write!(f, "PayForSignatureError::{e:?}: {e}"),
            FlowError::PayForPartialSignature(e) => {
                write!(f, "PayForPartialSignatureError::{e:?}: {e}")
            }
            FlowError::Musig(e) => write!(f, "MusigError::{e:?}: {e}"),
            FlowError::NonceSlot(e) => write!(f, "NonceSlotError::{e:?}: {e}"),
            FlowError::SchnorrAdaptor(e) => write!(f, "SchnorrAdaptorError::{e:?}: {e}"),
            FlowError::EcdsaAdaptor(e) => write!(f, "EcdsaAdaptorError::{e:?}: {e}"),
            FlowError::Consensus(tx, e) => {
                write!(f, "libbitcoinconsensus rejects the {tx}: {e:?}")
            }
            FlowError::Protocol(what) => write!(f, "protocol: {what}"),
        }
    }
}

impl std::error::Error for FlowError {}

macro_rules! impl_from {
    ($($t:ty => $v:ident),*) => {$(
        impl From<$t> for FlowError {
            fn from(e: $t) -> Self {
                FlowError::$v(e)
            }
        }
    )*};
}
impl_from!(BlobError => Blob, MailboxRouteError => MailboxRoute, TlvError => Tlv, PackageError => Package,
    PayForSignatureError => PayForSignature, SchnorrAdaptorError => SchnorrAdaptor,
    EcdsaAdaptorError => EcdsaAdaptor, PayForPartialSignatureError => PayForPartialSignature,
    MusigError => Musig, NonceSlotError => NonceSlot);

/// The narration: every line is kept (tests read them) and printed if `echo`.
#[derive(Default)]
pub struct Log {
    /// Print each line as it is said.
    pub echo: bool,
    /// Everything said so far.
    pub lines: Vec<String>,
}

impl Log {
    /// A log that prints as it goes.
    pub fn printing() -> Self {
        Log {
            echo: true,
            lines: Vec::new(),
        }
    }

    /// Says one line.
    pub fn say(&mut self, line: impl Into<String>) {
        let line = line.into();
        if self.echo {
            println!("{line}");
        }
        self.lines.push(line);
    }

    /// A blank line, then a heading.
    pub fn heading(&mut self, line: &str) {
        self.say("");
        self.say(line);
    }
}

/// Short hex for display.
pub fn short(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{hex}…")
}

/// A transaction that consensus accepted, with the outputs it spends.
pub struct Verified {
    /// What it is.
    pub name: &'static str,
    /// The signed transaction.
    pub tx: Transaction,
    /// The outputs its inputs spend.
    pub spent: Vec<TxOut>,
}

/// What a successful run leaves behind.
pub struct Outcome {
    /// Every final transaction, each accepted by libbitcoinconsensus.
    pub transactions: Vec<Verified>,
    /// The sealed blob's size in bytes.
    pub blob_len: usize,
    /// The package's plaintext size in bytes.
    pub package_len: usize,
    /// The adaptor (pre-)signature's size in bytes.
    pub adaptor_sig_len: usize,
}

/// A random key pair (libsecp256k1 0.33).
pub fn random_keypair<R: RngCore + ?Sized>(rng: &mut R) -> secp::Keypair {
    loop {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        if let Ok(kp) = secp::Keypair::from_secret_bytes(bytes) {
            return kp;
        }
    }
}

/// 32 random bytes (aux randomness for signing).
pub fn random32<R: RngCore + ?Sized>(rng: &mut R) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// A's side: its coin, the settlement transaction paying S, its signature.
pub struct PayerA {
    /// A's Taproot key (internal key tweaked per BIP341).
    pub key: btc::TaprootKey,
    /// The output A spends.
    pub coin: TxOut,
    /// The settlement transaction, unsigned, with its spent output (a PSBT).
    pub psbt: Psbt,
    /// A's BIP340 signature on the settlement's BIP341 sighash.
    pub signature: secp::schnorr::Signature,
}

/// A made-up coin of `AMOUNT_SAT + FEE_SAT` locked to `script` (`tag` makes its
/// funding transaction unique), and the transaction spending it that pays
/// `AMOUNT_SAT` to `pay_to`.
pub fn fund_and_spend(
    script: bitcoin::ScriptBuf,
    tag: u8,
    pay_to: bitcoin::ScriptBuf,
) -> (bitcoin::OutPoint, bitcoin::TxOut, bitcoin::Transaction) {
    let (_, outpoint, coin) = btc::fake_funding(script, AMOUNT_SAT + FEE_SAT, tag);
    let tx = btc::spend_tx(outpoint, pay_to, AMOUNT_SAT);
    (outpoint, coin, tx)
}

/// Step 1: A builds and signs the settlement transaction paying `pay_to`
/// (S's address), spending a Taproot key-path coin of A's.
pub fn a_signs_settlement<R: RngCore + ?Sized>(
    rng: &mut R,
    a_internal: &secp::Keypair,
    pay_to: bitcoin::ScriptBuf,
    log: &mut Log,
) -> PayerA {
    let key = btc::taproot_key(a_internal);
    let (outpoint, coin, tx) = fund_and_spend(btc::p2tr_script(&key.output_key), 0xa1, pay_to);
    let msg = btc::taproot_sighash(&tx, &coin);
    let signature = secp::schnorr::sign_with_aux_rand(&msg, &key.tweaked, &random32(rng));
    log.say(format!(
        "A  coin {outpoint}: {} sat to P2TR, output key Q = {}",
        coin.value.to_sat(),
        short(&key.output_key.to_byte_array())
    ));
    log.say(format!(
        "A  settlement tx {} pays S {AMOUNT_SAT} sat; BIP341 sighash {}",
        tx.compute_txid(),
        short(&msg)
    ));
    log.say(format!(
        "A  signs with the tweaked key: (R, s) = ({}, {})   [s is what B will sell]",
        short(&signature.as_byte_array()[..32]),
        short(&signature.as_byte_array()[32..])
    ));
    let mut psbt = Psbt::from_unsigned_tx(tx).expect("unsigned transaction");
    psbt.inputs[0].witness_utxo = Some(coin.clone());
    PayerA {
        key,
        coin,
        psbt,
        signature,
    }
}

/// Step 1, continued: A seals the package to B's public key.
/// Returns (package length, sealed blob).
pub fn a_seals_package<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    a: &PayerA,
    b_node: &secp::PublicKey,
    expiry: u64,
    log: &mut Log,
) -> Result<(usize, Vec<u8>), FlowError> {
    let psbt = a.psbt.serialize();
    let package = Package {
        transaction: &psbt,
        signer: a.key.output_key,
        signature: a.signature.into(),
        amount_msat: AMOUNT_SAT * 1000,
        expiry,
        note: Some(NOTE),
    };
    let (n, sealed) = seal_to(rng, b_node, package.encoded_len(), |out| {
        package.encode(out)
    })?;
    log.say(format!(
        "A  package (TLV): PSBT {} B + key Q + signature 64 B + amount + expiry + note = {n} B",
        psbt.len(),
    ));
    log_sealed(b_node, &sealed, log);
    Ok((n, sealed))
}

/// Encodes a package of `len` bytes with `encode` and seals it to `b_node`;
/// the plaintext (which holds the secret being sold) is wiped. Returns the
/// plaintext length and the sealed blob.
pub fn seal_to<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    b_node: &secp::PublicKey,
    len: usize,
    encode: impl FnOnce(&mut [u8]) -> Result<usize, TlvError>,
) -> Result<(usize, Vec<u8>), FlowError> {
    let mut encoded = zeroize::Zeroizing::new(vec![0u8; len]);
    let n = encode(&mut encoded)?;
    let plain = encoded
        .get(..n)
        .ok_or(FlowError::Protocol("encoder overran"))?;
    let mut sealed = vec![0u8; blob::sealed_len(n)?];
    let m = blob::seal(b_node, BLOB_AAD, plain, rng, &mut sealed)?;
    sealed.truncate(m);
    Ok((n, sealed))
}

/// The narration of a sealed blob.
pub fn log_sealed(b_node: &secp::PublicKey, sealed: &[u8], log: &mut Log) {
    log.say(format!(
        "A  blob sealed to B's node key {}: {} B (padded to a size bucket; only B can open it)",
        short(&b_node.serialize()),
        sealed.len()
    ));
}

/// What B learns from the package.
pub struct PayeeB {
    /// The settlement transaction with the output it spends.
    pub psbt: Psbt,
    /// A's output key, which signed.
    pub signer: secp::XOnlyPublicKey,
    /// The nonce `R` of A's signature (the only part B reveals).
    pub nonce: [u8; 32],
    /// The signature scalar `s`: what B sells.
    pub s: PaymentScalar,
    /// `T = s·G`, the point S's PTLC must be locked to.
    pub point: PaymentPoint,
    /// The amount A pays.
    pub amount_msat: u64,
}

/// Step 2: B comes online, opens its blob, checks the package and A's
/// signature, and computes the signature point.
pub fn b_opens_package(
    route: &mut MailboxRoute,
    b_node: &secp::Keypair,
    now: u64,
    log: &mut Log,
) -> Result<PayeeB, FlowError> {
    let blobs = route.b_fetches(MAILBOX_ID);
    let sealed = blobs.first().ok_or(FlowError::Protocol("no blob for B"))?;
    log.say(format!("mailbox → B: {} B", sealed.len()));
    open_blob(b_node, sealed, |plain| read_package(plain, now, log))
}

/// B opens a sealed blob and hands the plaintext to `read`. The plaintext
/// holds the secret B sells: it is wiped after use.
pub fn open_blob<T>(
    b_node: &secp::Keypair,
    sealed: &[u8],
    read: impl FnOnce(&[u8]) -> Result<T, FlowError>,
) -> Result<T, FlowError> {
    let mut buf = vec![0u8; blob::opened_buffer_len(sealed.len())];
    let result = match blob::open(b_node, BLOB_AAD, sealed, &mut buf) {
        Ok(plain) => read(plain),
        Err(e) => Err(e.into()),
    };
    buf.zeroize();
    result
}

/// A package's note as text.
pub fn note_text(note: Option<&[u8]>) -> std::borrow::Cow<'_, str> {
    note.map(String::from_utf8_lossy).unwrap_or_default()
}

/// B's narration once a package passed its expiry check.
pub fn say_valid_for(expiry: u64, now: u64, log: &mut Log) {
    log.say(format!(
        "B  package valid for {} more seconds",
        expiry.saturating_sub(now)
    ));
}

/// B's checks on the opened package: expiry, the transaction, A's signature;
/// then the signature scalar and point.
fn read_package(plain: &[u8], now: u64, log: &mut Log) -> Result<PayeeB, FlowError> {
    let package = Package::parse(plain)?;
    log.say(format!(
        "B  opens it: {} msat from key {}, note {:?}",
        package.amount_msat,
        short(&package.signer.to_byte_array()),
        note_text(package.note)
    ));
    package.check_expiry(now)?;
    say_valid_for(package.expiry, now, log);
    let (psbt, spent) = parse_settlement(package.transaction)?;
    if spent.script_pubkey != btc::p2tr_script(&package.signer) {
        return Err(FlowError::Protocol(
            "the signer does not control the spent output",
        ));
    }
    let msg = btc::taproot_sighash(&psbt.unsigned_tx, &spent);
    // Verifies A's signature, then takes its s.
    let s = pay_for_signature::signature_scalar(
        &package.signature.to_signature(),
        &package.signer,
        &msg,
    )?;
    let nonce = package.nonce();
    let point = pay_for_signature::signature_point(&package.signer, &msg, &nonce)?;
    if !s.opens(&point) {
        return Err(FlowError::Protocol("s does not open the signature point"));
    }
    log.say(format!(
        "B  A's signature verifies; signature point T = R + e·Q = {}",
        short(&point.to_bytes())
    ));
    Ok(PayeeB {
        signer: package.signer,
        amount_msat: package.amount_msat,
        psbt,
        nonce,
        s,
        point,
    })
}

/// The settlement PSBT in a package, with the output its one input spends.
pub fn parse_settlement(bytes: &[u8]) -> Result<(Psbt, TxOut), FlowError> {
    let psbt = Psbt::deserialize(bytes)
        .map_err(|_| FlowError::Protocol("package transaction is not a PSBT"))?;
    let spent = spent_output(&psbt)?;
    Ok((psbt, spent))
}

/// The output a one-input settlement PSBT spends.
pub fn spent_output(psbt: &Psbt) -> Result<TxOut, FlowError> {
    if psbt.unsigned_tx.input.len() != 1 {
        return Err(FlowError::Protocol("the settlement must have one input"));
    }
    psbt.inputs
        .first()
        .and_then(|i| i.witness_utxo.clone())
        .ok_or(FlowError::Protocol("PSBT lacks the spent output"))
}

/// How much `tx` pays to `script`.
pub fn paid_to(tx: &Transaction, script: &bitcoin::ScriptBuf) -> u64 {
    tx.output
        .iter()
        .filter(|o| &o.script_pubkey == script)
        .map(|o| o.value.to_sat())
        .sum()
}

/// S's PTLC: the transaction paying B and S's adaptor signature on it.
pub struct PtlcOffer {
    /// The claim transaction paying B, unsigned.
    pub claim: Transaction,
    /// The output it spends (S's coin).
    pub coin: TxOut,
    /// Its sighash.
    pub msg: [u8; 32],
    /// S's adaptor signature, locked to `T`.
    pub sig: AdaptorSig,
    /// S's key that the signature verifies under.
    pub s_key: SKey,
}

/// S's adaptor signature, either kind.
pub enum AdaptorSig {
    /// Schnorr (65 bytes).
    Schnorr(schnorr_adaptor::PreSignature),
    /// ECDSA (162 bytes).
    Ecdsa(ecdsa_adaptor::AdaptorSignature),
}

/// S's public key for the PTLC output.
#[derive(Clone, Copy)]
pub enum SKey {
    /// Taproot output key.
    Taproot(secp::XOnlyPublicKey),
    /// P2WPKH key.
    Ecdsa(secp::PublicKey),
}

impl AdaptorSig {
    /// Wire size.
    pub fn len(&self) -> usize {
        match self {
            AdaptorSig::Schnorr(p) => p.to_bytes().len(),
            AdaptorSig::Ecdsa(a) => a.to_bytes().len(),
        }
    }
}

/// What B sends S to offer A's signature for sale: everything S needs to
/// compute the signature point, and not `s`.
pub struct SaleOffer {
    /// The settlement transaction with the output it spends.
    pub psbt: Psbt,
    /// A's output key.
    pub signer: secp::XOnlyPublicKey,
    /// The nonce `R` of A's signature.
    pub nonce: [u8; 32],
}

impl PayeeB {
    /// The offer B sends S.
    pub fn sale_offer(&self) -> SaleOffer {
        SaleOffer {
            psbt: self.psbt.clone(),
            signer: self.signer,
            nonce: self.nonce,
        }
    }
}

/// Step 3: B offers the signature for sale; S checks the settlement pays it,
/// computes `T` itself and pre-signs its PTLC paying B, locked to `T`.
pub fn s_buys_signature<R: RngCore + ?Sized>(
    rng: &mut R,
    kind: PtlcKind,
    sale: &SaleOffer,
    s_wallet: &secp::Keypair,
    s_receive: &bitcoin::ScriptBuf,
    b_receive: bitcoin::ScriptBuf,
    log: &mut Log,
) -> Result<(SignatureOffer, PtlcOffer), FlowError> {
    let (offer_psbt, signer, nonce) = (&sale.psbt, sale.signer, sale.nonce);
    log.say(format!(
        "B → S: offer = settlement PSBT {} B + A's key Q + nonce R {} (32 B); s stays with B",
        offer_psbt.serialize().len(),
        short(&nonce)
    ));
    let tx = &offer_psbt.unsigned_tx;
    let spent = offer_psbt.inputs[0]
        .witness_utxo
        .clone()
        .ok_or(FlowError::Protocol("PSBT lacks the spent output"))?;
    let pays_s = paid_to(tx, s_receive);
    if pays_s < AMOUNT_SAT || spent.script_pubkey != btc::p2tr_script(&signer) {
        return Err(FlowError::Protocol("the settlement does not pay S"));
    }
    let msg = btc::taproot_sighash(tx, &spent);
    let offer = SignatureOffer::new(signer, msg, nonce)?;
    let point = offer.point();
    log.say(format!(
        "S  settlement pays S {pays_s} sat; S computes T = R + e·Q = {} without knowing s",
        short(&point.to_bytes())
    ));
    let ptlc = s_locks_ptlc(rng, kind, &point, s_wallet, b_receive, log);
    Ok((offer, ptlc))
}

/// S's PTLC paying B, locked to `point`: a coin of S's and the claim
/// transaction spending it to B, with S's adaptor signature on the claim
/// (Schnorr on a Taproot key-path coin, or ECDSA on a P2WPKH coin).
pub fn s_locks_ptlc<R: RngCore + ?Sized>(
    rng: &mut R,
    kind: PtlcKind,
    point: &PaymentPoint,
    s_wallet: &secp::Keypair,
    b_receive: bitcoin::ScriptBuf,
    log: &mut Log,
) -> PtlcOffer {
    let aux = random32(rng);
    let ptlc = match kind {
        PtlcKind::Schnorr => {
            let key = btc::taproot_key(s_wallet);
            let (outpoint, coin, claim) =
                fund_and_spend(btc::p2tr_script(&key.output_key), 0x51, b_receive);
            let msg = btc::taproot_sighash(&claim, &coin);
            let pre = schnorr_adaptor::presign(&key.tweaked, &msg, point, &aux);
            log.say(format!(
                "S  PTLC: coin {outpoint} ({} sat, P2TR key-path); claim tx {} pays B {AMOUNT_SAT} sat",
                coin.value.to_sat(),
                claim.compute_txid()
            ));
            PtlcOffer {
                claim,
                coin,
                msg,
                sig: AdaptorSig::Schnorr(pre),
                s_key: SKey::Taproot(key.output_key),
            }
        }
        PtlcKind::Ecdsa => {
            let pk = s_wallet.public_key();
            let (outpoint, coin, claim) = fund_and_spend(btc::p2wpkh_script(&pk), 0x52, b_receive);
            let msg = btc::p2wpkh_sighash(&claim, &coin);
            let pre = ecdsa_adaptor::presign(&s_wallet.secret_key(), &msg, point, &aux);
            log.say(format!(
                "S  PTLC: coin {outpoint} ({} sat, P2WPKH); claim tx {} pays B {AMOUNT_SAT} sat",
                coin.value.to_sat(),
                claim.compute_txid()
            ));
            PtlcOffer {
                claim,
                coin,
                msg,
                sig: AdaptorSig::Ecdsa(pre),
                s_key: SKey::Ecdsa(pk),
            }
        }
    };
    log.say(format!(
        "S → B: claim tx + {} adaptor signature locked to T: {} B",
        match kind {
            PtlcKind::Schnorr => "Schnorr",
            PtlcKind::Ecdsa => "ECDSA",
        },
        ptlc.sig.len()
    ));
    ptlc
}

/// Step 4: B verifies S's adaptor signature against `T`, completes it with `s`
/// (or, on request, a wrong scalar) and publishes the claim. The default
/// `adapt` of both schemes checks the completed signature, so a wrong scalar
/// is refused before anything is published.
pub fn b_claims(
    ptlc: &PtlcOffer,
    point: &PaymentPoint,
    scalar: &PaymentScalar,
    log: &mut Log,
) -> Result<Verified, FlowError> {
    let mut claim = ptlc.claim.clone();
    let spent = vec![ptlc.coin.clone()];
    let adapted = match (&ptlc.sig, ptlc.s_key) {
        (AdaptorSig::Schnorr(pre), SKey::Taproot(key)) => {
            schnorr_adaptor::verify(pre, &key, &ptlc.msg, point)?;
            log.say("B  S's pre-signature verifies for S's key, the claim's sighash and T");
            schnorr_adaptor::adapt(pre, scalar, &key, &ptlc.msg)
                .map(|sig| btc::set_taproot_witness(&mut claim, &sig))
                .map_err(FlowError::SchnorrAdaptor)
        }
        (AdaptorSig::Ecdsa(pre), SKey::Ecdsa(pk)) => {
            ecdsa_adaptor::verify(pre, &pk, &ptlc.msg, point)?;
            log.say("B  S's adaptor signature (and its DLEQ proof) verifies for S's key, the claim's sighash and T");
            ecdsa_adaptor::adapt(pre, scalar, &pk, &ptlc.msg)
                .map(|sig| btc::set_p2wpkh_witness(&mut claim, &sig, &pk))
                .map_err(FlowError::EcdsaAdaptor)
        }
        _ => return Err(FlowError::Protocol("signature kind does not match the key")),
    };
    if let Err(e) = adapted {
        log.say(format!(
            "B  adapt refuses that scalar ({e}): the completed signature does not verify, so nothing is published"
        ));
        log_unchecked_claim(ptlc, scalar, &spent, log);
        return Err(e);
    }
    btc::consensus_verify(&claim, &spent).map_err(|e| FlowError::Consensus("PTLC claim", e))?;
    let (size, vsize) = btc::sizes(&claim);
    log.say(format!(
        "B  adapts it with the scalar it sells and publishes the claim: {size} B ({vsize} vB), accepted by libbitcoinconsensus"
    ));
    Ok(Verified {
        name: "PTLC claim paying B",
        tx: claim,
        spent,
    })
}

/// What `adapt_unchecked` would have produced with a refused scalar: a claim
/// that Bitcoin's consensus rules reject, and that would have shown S `t`.
fn log_unchecked_claim(ptlc: &PtlcOffer, scalar: &PaymentScalar, spent: &[TxOut], log: &mut Log) {
    let mut claim = ptlc.claim.clone();
    match (&ptlc.sig, ptlc.s_key) {
        (AdaptorSig::Schnorr(pre), SKey::Taproot(_)) => {
            if let Ok(sig) = schnorr_adaptor::adapt_unchecked(pre, scalar) {
                btc::set_taproot_witness(&mut claim, &sig);
            }
        }
        (AdaptorSig::Ecdsa(pre), SKey::Ecdsa(pk)) => {
            if let Ok(sig) = ecdsa_adaptor::adapt_unchecked(pre, scalar) {
                btc::set_p2wpkh_witness(&mut claim, &sig, &pk);
            }
        }
        _ => return,
    }
    if let Err(e) = btc::consensus_verify(&claim, spent) {
        log.say(format!(
            "   (the claim adapt_unchecked would give is rejected by libbitcoinconsensus: {e:?})"
        ));
    }
}

enum Published {
    Schnorr(secp::schnorr::Signature),
    Ecdsa(secp::ecdsa::Signature),
    None,
}

/// The signature in a published claim's witness, as S reads it off the chain.
fn signature_in(tx: &Transaction, kind: &AdaptorSig) -> Published {
    let Some(item) = tx.input[0].witness.nth(0) else {
        return Published::None;
    };
    match kind {
        AdaptorSig::Schnorr(_) => match <[u8; 64]>::try_from(item) {
            Ok(bytes) => Published::Schnorr(secp::schnorr::Signature::from_byte_array(bytes)),
            Err(_) => Published::None,
        },
        AdaptorSig::Ecdsa(_) => match item.split_last() {
            Some((_, der)) => match secp::ecdsa::Signature::from_der(der) {
                Ok(sig) => Published::Ecdsa(sig),
                Err(_) => Published::None,
            },
            None => Published::None,
        },
    }
}

/// S reads B's published claim and extracts the scalar that opens `point`
/// from its signature and S's adaptor signature.
pub fn s_extracts(
    ptlc: &PtlcOffer,
    published_claim: &Transaction,
    point: &PaymentPoint,
) -> Result<PaymentScalar, FlowError> {
    match (&ptlc.sig, signature_in(published_claim, &ptlc.sig)) {
        (AdaptorSig::Schnorr(pre), Published::Schnorr(sig)) => {
            Ok(schnorr_adaptor::extract(pre, &sig, point)?)
        }
        (AdaptorSig::Ecdsa(pre), Published::Ecdsa(sig)) => {
            Ok(ecdsa_adaptor::extract(pre, &sig, point)?)
        }
        _ => Err(FlowError::Protocol("no signature in the published claim")),
    }
}

/// Step 5: S sees B's claim on chain, extracts `s`, completes A's signature
/// and publishes the settlement.
pub fn s_settles(
    ptlc: &PtlcOffer,
    published_claim: &Transaction,
    offer: &SignatureOffer,
    settlement: &Psbt,
    log: &mut Log,
) -> Result<Verified, FlowError> {
    let s = s_extracts(ptlc, published_claim, &offer.point())?;
    log.say("S  reads the claim's signature off the chain and extracts s (it opens T)");
    let sig = offer.complete(&s)?;
    let mut tx = settlement.unsigned_tx.clone();
    btc::set_taproot_witness(&mut tx, &sig);
    let spent = vec![settlement.inputs[0]
        .witness_utxo
        .clone()
        .ok_or(FlowError::Protocol("PSBT lacks the spent output"))?];
    btc::consensus_verify(&tx, &spent).map_err(|e| FlowError::Consensus("settlement", e))?;
    let (size, vsize) = btc::sizes(&tx);
    log.say(format!(
        "S  completes A's signature (R, s) and publishes the settlement: {size} B ({vsize} vB), accepted by libbitcoinconsensus"
    ));
    Ok(Verified {
        name: "settlement paying S (A's signature)",
        tx,
        spent,
    })
}

/// Everyone but A: S's wallet key and address, B's node key and address,
/// and the mailbox route's nodes.
pub struct Parties {
    /// S's wallet key (it funds the PTLC; the settlement pays its address).
    pub s_wallet: secp::Keypair,
    /// B's node key, which the blob is sealed to.
    pub b_node: secp::Keypair,
    /// Where the settlement pays S.
    pub s_receive: bitcoin::ScriptBuf,
    /// Where the PTLC pays B.
    pub b_receive: bitcoin::ScriptBuf,
    /// The relays and B's mailbox.
    pub route: MailboxRoute,
}

impl Parties {
    /// Fresh keys for everyone but A.
    pub fn new<R: RngCore + ?Sized>(rng: &mut R) -> Self {
        let s_wallet = random_keypair(rng);
        let b_node = random_keypair(rng);
        let b_wallet = btc::taproot_key(&random_keypair(rng));
        Parties {
            s_receive: btc::p2tr_script(&btc::taproot_key(&s_wallet).output_key),
            b_receive: btc::p2tr_script(&b_wallet.output_key),
            s_wallet,
            b_node,
            route: MailboxRoute::new(rng),
        }
    }
}

/// While B is offline the mailbox may tamper with the blob (`--fail
/// tampered-blob`); then step 2 starts: B's clock when it comes online, two
/// days late with `--fail expired`.
pub fn b_comes_online(
    cfg: &Config,
    route: &mut MailboxRoute,
    blob_len: usize,
    log: &mut Log,
) -> u64 {
    if cfg.failure == Some(Failure::TamperedBlob) {
        route.tamper(blob_len / 2);
        log.say("!! the mailbox flips one bit of the stored blob");
    }
    log.heading("2. B comes online and opens the blob");
    if cfg.failure == Some(Failure::Expired) {
        log.say("!! B comes online two days later");
        cfg.now.saturating_add(2 * 24 * 3600)
    } else {
        cfg.now.saturating_add(B_OFFLINE_SECS)
    }
}

/// A random scalar B claims with instead of `name` (`--fail wrong-scalar`).
pub fn wrong_scalar<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    name: &str,
    log: &mut Log,
) -> Result<PaymentScalar, FlowError> {
    log.say(format!("!! B claims with a scalar that is not {name}"));
    PaymentScalar::random(rng).map_err(|_| FlowError::Protocol("the RNG is broken"))
}

/// The whole flow, over the configured kind of channel.
pub fn run<R: RngCore + CryptoRng + ?Sized>(
    cfg: &Config,
    rng: &mut R,
    log: &mut Log,
) -> Result<Outcome, FlowError> {
    match cfg.channel {
        ChannelKind::Musig2 => crate::musig_flow::run(cfg, rng, log),
        ChannelKind::SingleKey => run_single_key(cfg, rng, log),
    }
}

/// The whole flow when A's coin is a single-key Taproot output.
pub fn run_single_key<R: RngCore + CryptoRng + ?Sized>(
    cfg: &Config,
    rng: &mut R,
    log: &mut Log,
) -> Result<Outcome, FlowError> {
    let a_internal = random_keypair(rng);
    let Parties {
        s_wallet,
        b_node,
        s_receive,
        b_receive,
        mut route,
    } = Parties::new(rng);

    log.heading("0. B, while online, publishes where to leave it a payment");
    let path = route.b_publishes_path(rng, MAILBOX_ID, log)?;
    log.say("B  goes offline.");

    log.heading("1. A pays while B is offline");
    let a = a_signs_settlement(rng, &a_internal, s_receive.clone(), log);
    let expiry = cfg.now.saturating_add(EXPIRY_SECS);
    let (package_len, sealed) = a_seals_package(rng, &a, &b_node.public_key(), expiry, log)?;
    let blob_len = sealed.len();
    route.a_sends(rng, &path, &sealed, log)?;
    log.say("A  goes offline.");
    let a_signature = a.signature;
    drop(a);

    let b_now = b_comes_online(cfg, &mut route, blob_len, log);
    let b = b_opens_package(&mut route, &b_node, b_now, log)?;
    if b.amount_msat != AMOUNT_SAT * 1000 {
        return Err(FlowError::Protocol("unexpected amount"));
    }

    log.heading("3. B sells A's signature to S; S pays with a PTLC locked to T");
    let (offer, ptlc) = s_buys_signature(
        rng,
        cfg.ptlc,
        &b.sale_offer(),
        &s_wallet,
        &s_receive,
        b_receive,
        log,
    )?;
    let adaptor_sig_len = ptlc.sig.len();

    log.heading("4. B claims the PTLC with s");
    let scalar = if cfg.failure == Some(Failure::WrongScalar) {
        let wrong = wrong_scalar(rng, "s", log)?;
        if let Err(e) = offer.complete(&wrong) {
            log.say(format!(
                "   (had S been handed it, SignatureOffer::complete says PayForSignatureError::{e:?}: {e})"
            ));
        }
        wrong
    } else {
        b.s.clone()
    };
    let claim = b_claims(&ptlc, &b.point, &scalar, log)?;

    log.heading("5. S learns s from the chain and completes A's signature");
    let settlement = s_settles(&ptlc, &claim.tx, &offer, &b.psbt, log)?;
    if settlement.tx.input[0].witness.nth(0) != Some(&a_signature.as_byte_array()[..]) {
        return Err(FlowError::Protocol("S did not recover A's signature"));
    }
    log.say("S  the signature S completed is byte for byte the one A made offline");

    Ok(Outcome {
        transactions: vec![claim, settlement],
        blob_len,
        package_len,
        adaptor_sig_len,
    })
}
