// Package eval scores predicted article graphs against gold graphs by the
// matching rules of SPEC.md. It is a faithful port of the reference scorer
// ../shared/annotation/score.py: the same name normalisation, candidate
// order and augmenting-path matching, the same relaxed score and split
// count, and the same JSON keys and text table, so that its figures can be
// compared with score.py's number for number.
//
// Documents are decoded loosely, as score.py sees them: unknown fields and
// odd shapes are tolerated, and a prediction that cannot be read scores as
// empty and counts as missing.
package eval
