//! BIP-327's official test vectors (test-vectors/external/bip327/, from
//! bitcoin/bips `bip-0327/vectors/`), every case of all eight files, error
//! cases with the error BIP-327 names (variant, signer index, contribution).

mod common;

use common::unhex;
use ptlc::musig::key_agg::{key_sort, KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, AggNonce, NonceGenInputs, PubNonce, SecNonce};
use ptlc::musig::session::Session;
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::musig::{Contribution, MusigError};
use ptlc::secp256k1::{schnorr, Keypair, PublicKey, SecretKey, XOnlyPublicKey};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = common::vector_path(&format!("external/bip327/{name}"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn arr<const N: usize>(v: &Value) -> [u8; N] {
    unhex(v.as_str().unwrap()).try_into().unwrap()
}

fn list<const N: usize>(v: &Value) -> Vec<[u8; N]> {
    v.as_array().unwrap().iter().map(arr::<N>).collect()
}

fn bytes_list(v: &Value) -> Vec<Vec<u8>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| unhex(x.as_str().unwrap()))
        .collect()
}

fn indices(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_u64().unwrap() as usize)
        .collect()
}

fn pick<T: Clone>(all: &[T], idx: &Value) -> Vec<T> {
    indices(idx).into_iter().map(|i| all[i].clone()).collect()
}

fn tweaks(values: &[[u8; 32]], is_xonly: &Value) -> Vec<Tweak> {
    values
        .iter()
        .zip(is_xonly.as_array().unwrap())
        .map(|(t, x)| {
            if x.as_bool().unwrap() {
                Tweak::XOnly(*t)
            } else {
                Tweak::Plain(*t)
            }
        })
        .collect()
}

/// The error a vector names, as this crate's error.
fn expected_error(case: &Value) -> MusigError {
    let err = &case["error"];
    match err["type"].as_str().unwrap() {
        "invalid_contribution" => MusigError::InvalidContribution {
            signer: err["signer"].as_u64().map(|i| i as usize),
            contribution: match err["contrib"].as_str().unwrap() {
                "pubkey" => Contribution::PublicKey,
                "pubnonce" => Contribution::PublicNonce,
                "aggnonce" => Contribution::AggregateNonce,
                "aggothernonce" => Contribution::AggregateOtherNonce,
                "psig" => Contribution::PartialSignature,
                other => panic!("unknown contrib {other}"),
            },
        },
        "value" => match err["message"].as_str().unwrap() {
            "The tweak must be less than n." => MusigError::TweakOutOfRange,
            "The result of tweaking cannot be infinity." => MusigError::TweakToInfinity,
            "The signer's pubkey must be included in the list of pubkeys." => {
                MusigError::SignerNotInKeys
            }
            "first secnonce value is out of range." | "second secnonce value is out of range." => {
                MusigError::SecretNonceOutOfRange
            }
            other => panic!("unknown message {other}"),
        },
        other => panic!("unknown error type {other}"),
    }
}

fn key_ctx(pubkeys: &[[u8; 33]], tweaks: &[Tweak]) -> Result<KeyAggContext, MusigError> {
    KeyAggContext::new(pubkeys)?.apply_tweaks(tweaks)
}

/// BIP-327's PartialSigVerify (the list form) composed from this crate's steps.
fn partial_sig_verify(
    psig: &[u8; 32],
    pubnonces: &[[u8; 66]],
    pubkeys: &[[u8; 33]],
    tweaks: &[Tweak],
    msg: &[u8],
    i: usize,
) -> Result<(), MusigError> {
    let aggnonce = nonces::nonce_agg(pubnonces)?;
    let ctx = key_ctx(pubkeys, tweaks)?;
    let session = Session::new(&ctx, &aggnonce, msg, None)?;
    let psig = PartialSignature::from_bytes(psig)?;
    let pubnonce = PubNonce::from_bytes(&pubnonces[i])?;
    let pk = PublicKey::from_byte_array_compressed(pubkeys[i]).unwrap();
    signing::partial_sig_verify(&session, &psig, &pubnonce, &pk, i)
}

#[test]
fn key_sort_vectors() {
    let v = load("key_sort_vectors.json");
    let mut keys = list::<33>(&v["pubkeys"]);
    key_sort(&mut keys);
    assert_eq!(keys, list::<33>(&v["sorted_pubkeys"]));
}

#[test]
fn key_agg_vectors() {
    let v = load("key_agg_vectors.json");
    let x = list::<33>(&v["pubkeys"]);
    let t = list::<32>(&v["tweaks"]);
    let valid = v["valid_test_cases"].as_array().unwrap();
    for case in valid {
        let ctx = KeyAggContext::new(&pick(&x, &case["key_indices"])).unwrap();
        assert_eq!(
            ctx.x_only_public_key().to_byte_array(),
            arr::<32>(&case["expected"])
        );
    }
    let errors = v["error_test_cases"].as_array().unwrap();
    for case in errors {
        let tw = tweaks(&pick(&t, &case["tweak_indices"]), &case["is_xonly"]);
        let got = key_ctx(&pick(&x, &case["key_indices"]), &tw);
        assert_eq!(got, Err(expected_error(case)), "{}", case["comment"]);
    }
    assert_eq!((valid.len(), errors.len()), (4, 5));
}

#[test]
fn nonce_gen_vectors() {
    let v = load("nonce_gen_vectors.json");
    let cases = v["test_cases"].as_array().unwrap();
    for case in cases {
        let opt = |k: &str| case[k].as_str().map(unhex);
        let sk = opt("sk").map(|b| SecretKey::from_secret_bytes(b.try_into().unwrap()).unwrap());
        let aggpk: Option<[u8; 32]> = opt("aggpk").map(|b| b.try_into().unwrap());
        let msg = opt("msg");
        let extra = opt("extra_in");
        let pk = PublicKey::from_byte_array_compressed(arr(&case["pk"])).unwrap();
        let inputs = NonceGenInputs {
            secret_key: sk.as_ref(),
            aggregate_key: aggpk.as_ref(),
            message: msg.as_deref(),
            extra_input: extra.as_deref(),
        };
        let (sec, pubn) = nonces::nonce_gen_with_rand(&arr(&case["rand_"]), &pk, inputs).unwrap();
        assert_eq!(pubn.to_bytes(), arr::<66>(&case["expected_pubnonce"]));
        assert_eq!(
            *sec.dangerous_into_bytes(),
            arr::<97>(&case["expected_secnonce"])
        );
    }
    assert_eq!(cases.len(), 4);
}

#[test]
fn nonce_agg_vectors() {
    let v = load("nonce_agg_vectors.json");
    let p = list::<66>(&v["pnonces"]);
    for case in v["valid_test_cases"].as_array().unwrap() {
        let agg = nonces::nonce_agg(&pick(&p, &case["pnonce_indices"])).unwrap();
        assert_eq!(agg.to_bytes(), arr::<66>(&case["expected"]));
        assert_eq!(AggNonce::from_bytes(&agg.to_bytes()).unwrap(), agg);
    }
    let errors = v["error_test_cases"].as_array().unwrap();
    for case in errors {
        let got = nonces::nonce_agg(&pick(&p, &case["pnonce_indices"]));
        assert_eq!(got, Err(expected_error(case)), "{}", case["comment"]);
    }
    assert_eq!(errors.len(), 3);
}

#[test]
fn sign_verify_vectors() {
    let v = load("sign_verify_vectors.json");
    let keypair = Keypair::from_secret_bytes(arr(&v["sk"])).unwrap();
    let x = list::<33>(&v["pubkeys"]);
    assert_eq!(x[0], keypair.public_key().serialize());
    let secnonces = list::<97>(&v["secnonces"]);
    let pnonces = list::<66>(&v["pnonces"]);
    let aggnonces = list::<66>(&v["aggnonces"]);
    let msgs = bytes_list(&v["msgs"]);
    assert_eq!(
        nonces::nonce_agg(&pnonces[..3]).unwrap().to_bytes(),
        aggnonces[0]
    );
    assert_eq!(
        nonces::nonce_agg(&[pnonces[0], pnonces[3]])
            .unwrap()
            .to_bytes(),
        aggnonces[1]
    );

    let valid = v["valid_test_cases"].as_array().unwrap();
    for case in valid {
        let pubkeys = pick(&x, &case["key_indices"]);
        let pubnonces = pick(&pnonces, &case["nonce_indices"]);
        let aggnonce = aggnonces[case["aggnonce_index"].as_u64().unwrap() as usize];
        assert_eq!(nonces::nonce_agg(&pubnonces).unwrap().to_bytes(), aggnonce);
        let msg = &msgs[case["msg_index"].as_u64().unwrap() as usize];
        let i = case["signer_index"].as_u64().unwrap() as usize;
        let expected = arr::<32>(&case["expected"]);
        let ctx = KeyAggContext::new(&pubkeys).unwrap();
        let session =
            Session::new(&ctx, &AggNonce::from_bytes(&aggnonce).unwrap(), msg, None).unwrap();
        let secnonce = SecNonce::dangerous_from_bytes(&secnonces[0]).unwrap();
        let psig = signing::sign(secnonce, &keypair, &session).unwrap();
        assert_eq!(psig.to_bytes(), expected);
        ctx.check_signer(&pubkeys, &x[0]).unwrap();
        partial_sig_verify(&expected, &pubnonces, &pubkeys, &[], msg, i).unwrap();
    }

    let sign_errors = v["sign_error_test_cases"].as_array().unwrap();
    for case in sign_errors {
        let want = expected_error(case);
        let pubkeys = pick(&x, &case["key_indices"]);
        let aggnonce = aggnonces[case["aggnonce_index"].as_u64().unwrap() as usize];
        let msg = &msgs[case["msg_index"].as_u64().unwrap() as usize];
        let secnonce = &secnonces[case["secnonce_index"].as_u64().unwrap() as usize];
        let got = (|| {
            let ctx = KeyAggContext::new(&pubkeys)?;
            // The optional membership check of BIP-327's Sign, which this
            // crate's `sign` leaves to `check_signer` (it holds no key list).
            ctx.check_signer(&pubkeys, &keypair.public_key().serialize())?;
            let session = Session::new(&ctx, &AggNonce::from_bytes(&aggnonce)?, msg, None)?;
            signing::sign(
                SecNonce::dangerous_from_bytes(secnonce)?,
                &keypair,
                &session,
            )
        })();
        assert_eq!(got, Err(want), "{}", case["comment"]);
    }

    // A verify case: the list form of PartialSigVerify on the case's inputs.
    let verify_case = |case: &Value| {
        partial_sig_verify(
            &arr(&case["sig"]),
            &pick(&pnonces, &case["nonce_indices"]),
            &pick(&x, &case["key_indices"]),
            &[],
            &msgs[case["msg_index"].as_u64().unwrap() as usize],
            case["signer_index"].as_u64().unwrap() as usize,
        )
    };
    let fails = v["verify_fail_test_cases"].as_array().unwrap();
    for case in fails {
        let i = case["signer_index"].as_u64().unwrap() as usize;
        let got = verify_case(case);
        // A value >= n does not parse (no signer index yet); the others are
        // blamed on the signer.
        let blamed = if case["comment"] == "Signature exceeds group size" {
            None
        } else {
            Some(i)
        };
        assert_eq!(
            got,
            Err(MusigError::InvalidContribution {
                signer: blamed,
                contribution: Contribution::PartialSignature
            }),
            "{}",
            case["comment"]
        );
    }

    let verify_errors = v["verify_error_test_cases"].as_array().unwrap();
    for case in verify_errors {
        assert_eq!(
            verify_case(case),
            Err(expected_error(case)),
            "{}",
            case["comment"]
        );
    }
    assert_eq!(
        (
            valid.len(),
            sign_errors.len(),
            fails.len(),
            verify_errors.len()
        ),
        (6, 6, 3, 2)
    );
}

#[test]
fn tweak_vectors() {
    let v = load("tweak_vectors.json");
    let keypair = Keypair::from_secret_bytes(arr(&v["sk"])).unwrap();
    let x = list::<33>(&v["pubkeys"]);
    let secnonce = arr::<97>(&v["secnonce"]);
    let pnonces = list::<66>(&v["pnonces"]);
    let aggnonce = arr::<66>(&v["aggnonce"]);
    assert_eq!(
        nonces::nonce_agg(&pnonces[..3]).unwrap().to_bytes(),
        aggnonce
    );
    let t = list::<32>(&v["tweaks"]);
    let msg = unhex(v["msg"].as_str().unwrap());
    let sign = |case: &Value| -> Result<PartialSignature, MusigError> {
        let pubkeys = pick(&x, &case["key_indices"]);
        let tw = tweaks(&pick(&t, &case["tweak_indices"]), &case["is_xonly"]);
        let ctx = key_ctx(&pubkeys, &tw)?;
        let session = Session::new(&ctx, &AggNonce::from_bytes(&aggnonce)?, &msg, None)?;
        signing::sign(
            SecNonce::dangerous_from_bytes(&secnonce)?,
            &keypair,
            &session,
        )
    };
    let valid = v["valid_test_cases"].as_array().unwrap();
    for case in valid {
        let psig = sign(case).unwrap();
        assert_eq!(psig.to_bytes(), arr::<32>(&case["expected"]));
        let tw = tweaks(&pick(&t, &case["tweak_indices"]), &case["is_xonly"]);
        partial_sig_verify(
            &psig.to_bytes(),
            &pick(&pnonces, &case["nonce_indices"]),
            &pick(&x, &case["key_indices"]),
            &tw,
            &msg,
            case["signer_index"].as_u64().unwrap() as usize,
        )
        .unwrap();
    }
    let errors = v["error_test_cases"].as_array().unwrap();
    for case in errors {
        assert_eq!(sign(case), Err(expected_error(case)), "{}", case["comment"]);
    }
    assert_eq!((valid.len(), errors.len()), (5, 1));
}

#[test]
fn det_sign_vectors() {
    let v = load("det_sign_vectors.json");
    let keypair = Keypair::from_secret_bytes(arr(&v["sk"])).unwrap();
    let x = bytes_list(&v["pubkeys"]);
    let x: Vec<[u8; 33]> = x.into_iter().map(|b| b.try_into().unwrap()).collect();
    let msgs = bytes_list(&v["msgs"]);
    let run = |case: &Value| {
        let pubkeys = pick(&x, &case["key_indices"]);
        let tw = tweaks(&list::<32>(&case["tweaks"]), &case["is_xonly"]);
        let rand: Option<[u8; 32]> = case["rand"].as_str().map(|r| unhex(r).try_into().unwrap());
        let aggothernonce = arr::<66>(&case["aggothernonce"]);
        let msg = &msgs[case["msg_index"].as_u64().unwrap() as usize];
        (
            signing::deterministic_sign(
                &keypair,
                &aggothernonce,
                &pubkeys,
                &tw,
                msg,
                rand.as_ref(),
                None,
            ),
            pubkeys,
            tw,
            aggothernonce,
            msg.clone(),
        )
    };
    let valid = v["valid_test_cases"].as_array().unwrap();
    for case in valid {
        let (got, pubkeys, tw, aggothernonce, msg) = run(case);
        let (pubnonce, psig) = got.unwrap();
        let expected = &case["expected"];
        assert_eq!(pubnonce.to_bytes(), arr::<66>(&expected[0]));
        assert_eq!(psig.to_bytes(), arr::<32>(&expected[1]));
        let i = case["signer_index"].as_u64().unwrap() as usize;
        let aggnonce = nonces::nonce_agg(&[aggothernonce, pubnonce.to_bytes()]).unwrap();
        let session =
            Session::new(&key_ctx(&pubkeys, &tw).unwrap(), &aggnonce, &msg, None).unwrap();
        let pk = PublicKey::from_byte_array_compressed(pubkeys[i]).unwrap();
        signing::partial_sig_verify(&session, &psig, &pubnonce, &pk, i).unwrap();
    }
    let errors = v["error_test_cases"].as_array().unwrap();
    for case in errors {
        let (got, ..) = run(case);
        assert_eq!(
            got.map(|_| ()),
            Err(expected_error(case)),
            "{}",
            case["comment"]
        );
    }
    assert_eq!((valid.len(), errors.len()), (4, 5));
}

#[test]
fn sig_agg_vectors() {
    let v = load("sig_agg_vectors.json");
    let x = list::<33>(&v["pubkeys"]);
    let p = list::<66>(&v["pnonces"]);
    let t = list::<32>(&v["tweaks"]);
    let s = list::<32>(&v["psigs"]);
    let msg = unhex(v["msg"].as_str().unwrap());
    let agg = |case: &Value| {
        let aggnonce = nonces::nonce_agg(&pick(&p, &case["nonce_indices"]))?;
        let tw = tweaks(&pick(&t, &case["tweak_indices"]), &case["is_xonly"]);
        let ctx = key_ctx(&pick(&x, &case["key_indices"]), &tw)?;
        let session = Session::new(&ctx, &aggnonce, &msg, None)?;
        signing::partial_sig_agg(&session, &pick(&s, &case["psig_indices"]))
            .map(|sig| (sig, ctx, aggnonce))
    };
    let valid = v["valid_test_cases"].as_array().unwrap();
    for case in valid {
        let (sig, ctx, aggnonce) = agg(case).unwrap();
        assert_eq!(aggnonce.to_bytes(), arr::<66>(&case["aggnonce"]));
        assert_eq!(*sig.as_byte_array(), arr::<64>(&case["expected"]));
        let key: XOnlyPublicKey = ctx.x_only_public_key();
        schnorr::verify(&sig, &msg, &key).unwrap();
    }
    let errors = v["error_test_cases"].as_array().unwrap();
    for case in errors {
        assert_eq!(
            agg(case).map(|_| ()),
            Err(expected_error(case)),
            "{}",
            case["comment"]
        );
    }
    assert_eq!((valid.len(), errors.len()), (4, 1));
}
