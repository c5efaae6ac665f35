//! What every scheme shares: a kind of case (a list in the vector file), the
//! one function per kind that computes a case's outputs from its inputs, and
//! the two drivers over it. `gen` draws inputs and calls the function; `check`
//! reads the inputs another implementation wrote, calls the same function and
//! compares its outputs with the file's.

use core::fmt;

use ptlc::rand_core::{RngCore, SeedableRng};
use ptlc::secp256k1::{Keypair, XOnlyPublicKey};
use rand_chacha::ChaCha20Rng;
use serde_json::{Map, Value};

pub use crate::draw::Edit;

/// The RNG `gen` draws from: ChaCha20 seeded from `--seed`, so a seed always
/// gives the same file.
pub struct Rng(ChaCha20Rng);

impl Rng {
    /// The RNG for seed `seed`.
    pub fn from_seed(seed: u64) -> Self {
        Rng(ChaCha20Rng::seed_from_u64(seed))
    }

    /// `N` random bytes.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.0.fill_bytes(&mut out);
        out
    }

    /// A random `u64`.
    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A random number in `0..bound` (0 when `bound` is 0), the same on
    /// every platform for a seed.
    pub fn below(&mut self, bound: usize) -> usize {
        // Slightly biased for large bounds; the kit only picks small ones.
        let bound = u64::try_from(bound).unwrap_or(u64::MAX);
        let r = self.0.next_u64().checked_rem(bound).unwrap_or(0);
        usize::try_from(r).unwrap_or(0)
    }
}

/// A case's inputs could not be read (a missing field, bad hex, a wrong
/// length, a key or point that does not parse where the schema needs one).
#[derive(Debug)]
pub struct InputError {
    /// The input field.
    pub field: String,
    /// What is wrong with it.
    pub why: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "input {}: {}", self.field, self.why)
    }
}

/// What a kind's function returns: the outputs as a JSON object. An output
/// the case must not have (the `error` of a success) is left out; `check`
/// reads a `null` in a file as absent.
pub type Outcome = Result<Value, InputError>;

/// `{"error": name}`, or `{}` for no error.
pub fn error_field(name: Option<&str>) -> Value {
    match name {
        Some(n) => serde_json::json!({ "error": n }),
        None => Value::Object(Map::new()),
    }
}

/// One kind of case: its list's key, its input fields, and its function.
pub struct Kind {
    /// The key of the list in the vector file.
    pub key: &'static str,
    /// The fields that are inputs; all others but `comment` are outputs.
    pub inputs: &'static [&'static str],
    /// Every case of this kind fails with an `error`; `gen` redraws a
    /// mutation that happens to succeed.
    pub invalid: bool,
    /// The outputs of a case, from its inputs.
    pub compute: fn(&Case<'_>) -> Outcome,
}

impl Kind {
    /// A kind whose cases may succeed.
    pub const fn new(
        key: &'static str,
        inputs: &'static [&'static str],
        compute: fn(&Case<'_>) -> Outcome,
    ) -> Self {
        Kind {
            key,
            inputs,
            invalid: false,
            compute,
        }
    }

    /// A kind whose cases all fail.
    pub const fn invalid(
        key: &'static str,
        inputs: &'static [&'static str],
        compute: fn(&Case<'_>) -> Outcome,
    ) -> Self {
        Kind {
            invalid: true,
            ..Kind::new(key, inputs, compute)
        }
    }
}

/// How `gen` draws cases of a kind: a function of the RNG and of the edits
/// it makes to an encoding, and the cases it draws (one, or one per mutation).
pub struct Draw {
    /// The kind's key.
    pub key: &'static str,
    /// The case's comment (when `mutations` is empty); `None` for kinds whose
    /// entries carry none.
    pub comment: Option<&'static str>,
    /// Draws the inputs (a JSON object).
    pub draw: fn(&mut Rng, &[Edit]) -> Value,
    /// Mutations, each a comment and the edits `draw` makes for it.
    pub mutations: &'static [(&'static str, &'static [Edit])],
}

impl Draw {
    /// One case drawn by `draw`, with a comment.
    pub const fn new(
        key: &'static str,
        comment: &'static str,
        draw: fn(&mut Rng, &[Edit]) -> Value,
    ) -> Self {
        Draw {
            key,
            comment: Some(comment),
            draw,
            mutations: &[],
        }
    }

    /// One case per mutation, drawn by `draw` with the mutation's edits.
    pub const fn mutations(
        key: &'static str,
        draw: fn(&mut Rng, &[Edit]) -> Value,
        mutations: &'static [(&'static str, &'static [Edit])],
    ) -> Self {
        Draw {
            key,
            comment: None,
            draw,
            mutations,
        }
    }

    /// The cases: a comment (if any) and edits each.
    fn cases(&self) -> Vec<(Option<&'static str>, &'static [Edit])> {
        if self.mutations.is_empty() {
            vec![(self.comment, &[])]
        } else {
            self.mutations.iter().map(|(c, e)| (Some(*c), *e)).collect()
        }
    }
}

/// A scheme: the kinds of one vector file and how `gen` draws them.
pub struct Scheme {
    /// The name on the command line (and of `test-vectors/NAME.json`).
    pub name: &'static str,
    /// Whether the file has a top-level `description` (blob.json has none).
    pub described: bool,
    /// The file's kinds, in the order of its keys.
    pub kinds: &'static [Kind],
    /// The draws `gen` cycles through.
    pub draws: &'static [Draw],
}

/// A case's fields, read as inputs.
pub struct Case<'a>(&'a Map<String, Value>);

fn input_error(field: &str, why: impl fmt::Display) -> InputError {
    InputError {
        field: field.to_owned(),
        why: why.to_string(),
    }
}

impl Case<'_> {
    /// The field's JSON value.
    pub fn value(&self, field: &str) -> Result<&Value, InputError> {
        self.0
            .get(field)
            .ok_or_else(|| input_error(field, "missing"))
    }

    /// A hex field's bytes.
    pub fn bytes(&self, field: &str) -> Result<Vec<u8>, InputError> {
        let s = self
            .value(field)?
            .as_str()
            .ok_or_else(|| input_error(field, "not a string"))?;
        crate::hex::decode(s).map_err(|e| input_error(field, e))
    }

    /// A hex field of exactly `N` bytes.
    pub fn array<const N: usize>(&self, field: &str) -> Result<[u8; N], InputError> {
        let b = self.bytes(field)?;
        b.as_slice()
            .try_into()
            .map_err(|_| input_error(field, format!("{} bytes, not {N}", b.len())))
    }

    /// A hex field parsed by `parse` (a key, point or scalar the schema says
    /// is valid).
    pub fn parse<T, E: fmt::Debug>(
        &self,
        field: &str,
        parse: impl FnOnce(&[u8]) -> Result<T, E>,
    ) -> Result<T, InputError> {
        parse(&self.bytes(field)?).map_err(|e| input_error(field, format!("{e:?}")))
    }

    /// A 32-byte secret key field, as a key pair.
    pub fn keypair(&self, field: &str) -> Result<Keypair, InputError> {
        let b = self.array::<32>(field)?;
        self.parse(field, |_| Keypair::from_secret_bytes(b))
    }

    /// A 32-byte x-only public key field.
    pub fn xonly(&self, field: &str) -> Result<XOnlyPublicKey, InputError> {
        let b = self.array::<32>(field)?;
        self.parse(field, |_| XOnlyPublicKey::from_byte_array(b))
    }

    /// A list of hex fields, each parsed by `parse`.
    pub fn parse_list<T, E: fmt::Debug>(
        &self,
        field: &str,
        parse: impl Fn(&[u8]) -> Result<T, E>,
    ) -> Result<Vec<T>, InputError> {
        let list = self
            .value(field)?
            .as_array()
            .ok_or_else(|| input_error(field, "not a list"))?;
        list.iter()
            .enumerate()
            .map(|(i, v)| {
                let s = v
                    .as_str()
                    .ok_or_else(|| input_error(field, format!("[{i}] is not a string")))?;
                let b = crate::hex::decode(s).map_err(|e| input_error(field, e))?;
                parse(&b).map_err(|e| input_error(field, format!("[{i}]: {e:?}")))
            })
            .collect()
    }
}

/// How many times `gen` redraws a mutation of an invalid kind that happened
/// to give a valid case before it gives up.
const MAX_REDRAWS: usize = 64;

/// `count` random cases of `scheme`, in the schema of its vector file.
pub fn gen(scheme: &Scheme, seed: u64, count: usize) -> Result<Value, String> {
    let mut rng = Rng::from_seed(seed);
    let mut lists: Map<String, Value> = scheme
        .kinds
        .iter()
        .map(|k| (k.key.to_owned(), Value::Array(Vec::new())))
        .collect();
    let cases: Vec<(&Draw, Option<&str>, &[Edit])> = scheme
        .draws
        .iter()
        .flat_map(|d| d.cases().into_iter().map(move |(c, e)| (d, c, e)))
        .collect();
    for (draw, comment, edits) in cases.iter().cycle().take(count) {
        let kind = kind_of(scheme, draw.key)?;
        let entry = draw_case(kind, draw, *comment, edits, &mut rng)?;
        if let Some(Value::Array(list)) = lists.get_mut(draw.key) {
            list.push(entry);
        }
    }
    if scheme.described {
        lists.insert(
            "description".to_owned(),
            Value::String(format!(
                "{count} random cases written by ptlc-kit gen {} --seed {seed}, in the schema of ptlc's test-vectors/{}.json (see test-vectors/README.md). All byte strings are lowercase hex.",
                scheme.name, scheme.name
            )),
        );
    }
    Ok(Value::Object(lists))
}

fn kind_of<'a>(scheme: &'a Scheme, key: &str) -> Result<&'a Kind, String> {
    scheme
        .kinds
        .iter()
        .find(|k| k.key == key)
        .ok_or_else(|| format!("{}: a draw for the unknown kind {key}", scheme.name))
}

fn draw_case(
    kind: &Kind,
    draw: &Draw,
    comment: Option<&str>,
    edits: &[Edit],
    rng: &mut Rng,
) -> Result<Value, String> {
    for _ in 0..MAX_REDRAWS {
        let Value::Object(mut fields) = (draw.draw)(rng, edits) else {
            return Err(format!("{}: a draw gave no object", kind.key));
        };
        let outputs = (kind.compute)(&Case(&fields))
            .map_err(|e| format!("{}: drew an unreadable case: {e}", kind.key))?;
        let Value::Object(outputs) = outputs else {
            return Err(format!("{}: outputs are not an object", kind.key));
        };
        if kind.invalid && outputs.get("error").is_none_or(Value::is_null) {
            continue;
        }
        fields.extend(outputs);
        if let Some(comment) = comment {
            fields.insert("comment".to_owned(), Value::String(comment.to_owned()));
        }
        return Ok(Value::Object(fields));
    }
    Err(format!(
        "{}: {MAX_REDRAWS} draws of \"{}\" all succeeded",
        kind.key,
        comment.unwrap_or_default()
    ))
}

/// A case (or the file) where ptlc's result differs from the file's.
#[derive(Debug)]
pub struct Mismatch {
    /// The case: `kind[index]` and its comment, if any.
    pub case: String,
    /// The output field (or `-` for the file's shape).
    pub field: String,
    /// What ptlc computes.
    pub expected: String,
    /// What the file has.
    pub got: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: field {}: expected {}, got {}",
            self.case, self.field, self.expected, self.got
        )
    }
}

/// The outcome of `check`: how many cases were read, and every mismatch.
pub struct Report {
    /// Cases read.
    pub cases: usize,
    /// Where ptlc differs.
    pub mismatches: Vec<Mismatch>,
}

fn render(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(absent)".to_owned(),
        Some(v) => v.to_string(),
    }
}

/// Recomputes every case of `file` (in `scheme`'s schema) with ptlc.
pub fn check(scheme: &Scheme, file: &Value) -> Report {
    let mut report = Report {
        cases: 0,
        mismatches: Vec::new(),
    };
    let Some(top) = file.as_object() else {
        report
            .mismatches
            .push(shape("(file)", "a JSON object", "something else"));
        return report;
    };
    for key in top.keys() {
        if key != "description" && !scheme.kinds.iter().any(|k| k.key == key) {
            report
                .mismatches
                .push(shape(key, "no such key in the schema", "present"));
        }
    }
    for kind in scheme.kinds {
        match top.get(kind.key).and_then(Value::as_array) {
            Some(list) => {
                for (i, entry) in list.iter().enumerate() {
                    report.cases = report.cases.saturating_add(1);
                    check_case(kind, i, entry, &mut report.mismatches);
                }
            }
            None => report.mismatches.push(shape(kind.key, "a list", "none")),
        }
    }
    report
}

fn shape(case: &str, expected: &str, got: &str) -> Mismatch {
    Mismatch {
        case: case.to_owned(),
        field: "-".to_owned(),
        expected: expected.to_owned(),
        got: got.to_owned(),
    }
}

fn check_case(kind: &Kind, index: usize, entry: &Value, out: &mut Vec<Mismatch>) {
    let mut case = format!("{}[{index}]", kind.key);
    let Some(fields) = entry.as_object() else {
        out.push(shape(&case, "an object", "something else"));
        return;
    };
    if let Some(comment) = fields.get("comment").and_then(Value::as_str) {
        case = format!("{case} ({comment})");
    }
    let outputs = match (kind.compute)(&Case(fields)) {
        Ok(Value::Object(o)) => o,
        Ok(_) => Map::new(),
        Err(e) => {
            out.push(Mismatch {
                case,
                field: e.field,
                expected: "a readable input".to_owned(),
                got: e.why,
            });
            return;
        }
    };
    let named = |k: &&String| !kind.inputs.contains(&k.as_str()) && k.as_str() != "comment";
    let mut names: Vec<&String> = outputs.keys().chain(fields.keys().filter(named)).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (want, have) = (outputs.get(name), fields.get(name));
        if want.filter(|v| !v.is_null()) != have.filter(|v| !v.is_null()) {
            out.push(Mismatch {
                case: case.clone(),
                field: name.clone(),
                expected: render(want),
                got: render(have),
            });
        }
    }
}
