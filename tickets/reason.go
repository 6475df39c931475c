package tickets

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Code says why a value was refused, so that each front end words the
// reason for its own user, in their language, from the error's fields
// (never from its text). Error() stays English for logs, scripts and JSON.
// The codes are stable names: a front end keeps words for every one of
// them (see Codes).
type Code string

const (
	// Missing: the field is empty (Value may hold what was typed: spaces).
	CodeMissing Code = "missing"
	// NoTitle: a ticket needs a title or a description.
	CodeNoTitle Code = "no_title"
	// NotUTF8: the text is not valid UTF-8 or holds a NUL byte; N is the
	// byte where it goes wrong when known (a whole file), else 0.
	CodeNotUTF8 Code = "not_utf8"
	// TooLong: N characters, Limit at most.
	CodeTooLong Code = "too_long"
	// TooBig: N bytes, Limit at most.
	CodeTooBig Code = "too_big"
	// OutOfRange: the number N (as typed: Value) is not within Min..Limit.
	CodeOutOfRange Code = "out_of_range"
	// NotNumber: Value is not a number; Min..Limit are accepted.
	CodeNotNumber Code = "not_number"
	// UnknownValue: Value is none of Valid.
	CodeUnknownValue Code = "unknown_value"
	// BadChar: the tag Value holds the character Other.
	CodeBadChar Code = "bad_char"
	// TooMany: N tags, Limit at most.
	CodeTooMany Code = "too_many"
	// NotEmail: Value is not an email address.
	CodeNotEmail Code = "not_email"
	// Domain: the email's domain Value is not among Valid.
	CodeDomain Code = "domain"
	// NotTime: Value is not an RFC 3339 time.
	CodeNotTime Code = "not_time"
	// TooOld: the time Value is before 1990.
	CodeTooOld Code = "too_old"
	// Future: the time Value is in the future.
	CodeFuture Code = "future"
	// Negative: N is negative.
	CodeNegative Code = "negative"
	// EndBeforeStart: the end Value is not after the start Other.
	CodeEndBeforeStart Code = "end_before_start"
	// PriorityMismatch: priority N does not follow from urgency × impact
	// (which give Limit).
	CodePriorityMismatch Code = "priority_mismatch"
	// Incomplete: a history row without "at" and "field".
	CodeIncomplete Code = "incomplete"
	// Closed: ticket ID is closed.
	CodeClosed Code = "closed"
	// NotLinked: article N is not linked to ticket ID.
	CodeNotLinked Code = "not_linked"
	// NotIncident: ticket N is not an incident of problem ID.
	CodeNotIncident Code = "not_incident"
	// SameTag: Value and Other are the same tag.
	CodeSameTag Code = "same_tag"
	// NotLogin: Value is not a login.
	CodeNotLogin Code = "not_login"
	// Exists: Value is already a technician.
	CodeExists Code = "exists"
	// PrivateKey: a private key was given where a public key was wanted.
	CodePrivateKey Code = "private_key"
	// NotKey: not an SSH public key.
	CodeNotKey Code = "not_key"
	// KeyHeld: the key Value (fingerprint) is already one of Other's keys.
	CodeKeyHeld Code = "key_held"
	// KeyTaken: the key Value (fingerprint) belongs to Other.
	CodeKeyTaken Code = "key_taken"
	// NoKeys: Other has no key.
	CodeNoKeys Code = "no_keys"
	// NoSuchKey: Other has no key Value; Valid lists their keys.
	CodeNoSuchKey Code = "no_such_key"
	// AmbiguousKey: Value matches N of Other's keys.
	CodeAmbiguousKey Code = "ambiguous_key"
	// LastAdmin: Other is the last admin.
	CodeLastAdmin Code = "last_admin"
	// NeedsAssignee: the status assigned with nobody assigned.
	CodeNeedsAssignee Code = "needs_assignee"
	// NeedsMessage: solving a problem's incidents needs the follow-up.
	CodeNeedsMessage Code = "needs_message"
	// NeedsSolution: a call solved at once needs the solution.
	CodeNeedsSolution Code = "needs_solution"

	// The codes of a ticket import's rows and header.

	// BadJSON: not valid JSON at character N.
	CodeBadJSON Code = "bad_json"
	// CutShort: the JSON object is cut short.
	CodeCutShort Code = "cut_short"
	// NotObject: a JSON value other than an object (Other: its kind).
	CodeNotObject Code = "not_object"
	// WrongType: the field holds a JSON Other where Value was expected
	// (kinds: string, number, boolean, array, object, null).
	CodeWrongType Code = "wrong_type"
	// UnknownField: Value is not a field of a ticket; Valid lists some.
	CodeUnknownField Code = "unknown_field"
	// MoreThanOne: more than one JSON value on a line.
	CodeMoreThanOne Code = "more_than_one"
	// LineTooLong: a line longer than Limit bytes.
	CodeLineTooLong Code = "line_too_long"
	// BadCSV: malformed CSV at column N.
	CodeBadCSV Code = "bad_csv"
	// EmptyFile: a CSV file without its header row.
	CodeEmptyFile Code = "empty_file"
	// UnknownColumn: Value is not a column; Valid lists them.
	CodeUnknownColumn Code = "unknown_column"
	// NoTitleColumn: the header has neither title nor description.
	CodeNoTitleColumn Code = "no_title_column"
)

// Codes lists every code: a test in each front end checks it words them
// all, in both languages.
var Codes = []Code{
	CodeMissing, CodeNoTitle, CodeNotUTF8, CodeTooLong, CodeTooBig, CodeOutOfRange, CodeNotNumber,
	CodeUnknownValue, CodeBadChar, CodeTooMany, CodeNotEmail, CodeDomain, CodeNotTime, CodeTooOld,
	CodeFuture, CodeNegative, CodeEndBeforeStart, CodePriorityMismatch, CodeIncomplete, CodeClosed,
	CodeNotLinked, CodeNotIncident, CodeSameTag, CodeNotLogin, CodeExists, CodePrivateKey, CodeNotKey,
	CodeKeyHeld, CodeKeyTaken, CodeNoKeys, CodeNoSuchKey, CodeAmbiguousKey, CodeLastAdmin,
	CodeNeedsAssignee, CodeNeedsMessage, CodeNeedsSolution,
	CodeBadJSON, CodeCutShort, CodeNotObject, CodeWrongType, CodeUnknownField, CodeMoreThanOne,
	CodeLineTooLong, CodeBadCSV, CodeEmptyFile, CodeUnknownColumn, CodeNoTitleColumn,
}

// FieldError says which field was refused and why (Code), with what the
// reason is about, so a front end can word it and say how to fix it.
type FieldError struct {
	// Field is the domain's name of the field ("title", "requester
	// email", "urgency", "tags"…); empty for a row of an import that is
	// wrong as a whole (bad JSON).
	Field string
	Code  Code
	// Value is the refused value as given (a status, a tag, a time…).
	Value string
	// N is the number the reason is about (a size, a count, a level, an
	// article or ticket number); Min and Limit are the bounds.
	N, Min, Limit int64
	// ID is the other number (the ticket of NotLinked, the problem of
	// NotIncident, the ticket of Closed).
	ID int64
	// Other is the other name (the owner of a key, the start of a
	// period, the character a tag may not hold, a JSON kind).
	Other string
	// Valid lists the accepted values, when there are a few.
	Valid []string
	// Detail is a cause in a library's English (the JSON decoder, the
	// SSH key parser), kept for Error() only.
	Detail string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Reason()
	}
	return e.Field + ": " + e.Reason()
}

func (e *FieldError) Unwrap() error { return ErrInvalid }

// Reason is why, in English, for logs, scripts and JSON outputs: it never
// changes with the language (front ends word Code instead).
func (e *FieldError) Reason() string {
	valid := strings.Join(e.Valid, ", ")
	switch e.Code {
	case CodeMissing:
		return "is missing"
	case CodeNoTitle:
		return "a ticket needs a title or a description"
	case CodeNotUTF8:
		if e.N > 0 {
			return fmt.Sprintf("not valid UTF-8 text at byte %d: re-save the file as UTF-8", e.N)
		}
		return "is not valid UTF-8 text (or holds a NUL byte): re-save the source as UTF-8"
	case CodeTooLong:
		return fmt.Sprintf("is %d characters; the limit is %d", e.N, e.Limit)
	case CodeTooBig:
		return fmt.Sprintf("is %s long; the limit is %s: keep the relevant part and attach the rest elsewhere", humanBytes(int(e.N)), humanBytes(int(e.Limit)))
	case CodeOutOfRange:
		if e.Field == "priority" && e.Limit == 6 {
			return fmt.Sprintf("%d is out of range: use 1 to 5, or 6 for major", e.N)
		}
		if e.Limit == 5 && e.Min == 1 && (e.Field == "urgency" || e.Field == "impact") {
			return fmt.Sprintf("%d is out of range: use 1 (very low) to 5 (very high)", e.N)
		}
		return fmt.Sprintf("%d is out of range: use %d to %d", e.N, e.Min, e.Limit)
	case CodeNotNumber:
		return fmt.Sprintf("%q is not a number: use %d to %d", e.Value, e.Min, e.Limit)
	case CodeUnknownValue:
		return fmt.Sprintf("unknown %s %q: use one of %s", e.noun(), e.Value, valid)
	case CodeBadChar:
		r, _ := utf8.DecodeRuneInString(e.Other)
		return fmt.Sprintf("%q holds %q: use letters, digits, - _ . / only", e.Value, r)
	case CodeTooMany:
		return fmt.Sprintf("%d tags; a ticket takes at most %d: keep the ones that say what it is about", e.N, e.Limit)
	case CodeNotEmail:
		return fmt.Sprintf("%q is not an email address", e.Value)
	case CodeDomain:
		return fmt.Sprintf("the domain %q is not accepted: use your work address (%s)", e.Value, valid)
	case CodeNotTime:
		return fmt.Sprintf("%q is not an RFC 3339 time like 2026-11-28T09:30:00Z", e.Value)
	case CodeTooOld:
		return e.Value + " is before 1990: check the year"
	case CodeFuture:
		return e.Value + " is in the future: check the year"
	case CodeNegative:
		return fmt.Sprintf("%d is negative", e.N)
	case CodeEndBeforeStart:
		return fmt.Sprintf("the end (%s) must be after the start (%s)", e.Value, e.Other)
	case CodePriorityMismatch:
		return fmt.Sprintf("%d does not follow from urgency and impact (they give %d; give \"major\": true for 6)", e.N, e.Limit)
	case CodeIncomplete:
		return `needs at least "at" and "field"`
	case CodeClosed:
		return fmt.Sprintf("ticket #%d is closed: reopen it (status assigned) before changing it", e.ID)
	case CodeNotLinked:
		return fmt.Sprintf("article %d is not linked to ticket #%d", e.N, e.ID)
	case CodeNotIncident:
		return fmt.Sprintf("ticket #%d is not an incident of problem %d", e.N, e.ID)
	case CodeSameTag:
		return fmt.Sprintf("%q and %q are the same tag", e.Value, e.Other)
	case CodeNotLogin:
		return fmt.Sprintf("%q is not a login: use 1 to 32 lowercase letters, digits, '.', '_' or '-' (for example mlefebvre)", e.Value)
	case CodeExists:
		return fmt.Sprintf("%q is already a technician", e.Value)
	case CodePrivateKey:
		return "this is a PRIVATE key: give the public one (the .pub file next to it), and keep the private key secret"
	case CodeNotKey:
		return fmt.Sprintf("not an SSH public key (%s): give the content of a .pub file, such as ~/.ssh/id_ed25519.pub", e.Detail)
	case CodeKeyHeld:
		return fmt.Sprintf("%s is already one of %s's keys", e.Value, e.Other)
	case CodeKeyTaken:
		return fmt.Sprintf("%s already belongs to %s: one key identifies one technician", e.Value, e.Other)
	case CodeNoKeys:
		return e.Other + " has no key"
	case CodeNoSuchKey:
		return fmt.Sprintf("%s has no key %q; their keys: %s", e.Other, e.Value, valid)
	case CodeAmbiguousKey:
		return fmt.Sprintf("%q matches %d of %s's keys: give more of the fingerprint", e.Value, e.N, e.Other)
	case CodeLastAdmin:
		return e.Other + " is the last admin: make someone else admin first"
	case CodeNeedsAssignee:
		return "assigned needs someone assigned: give an assignee, or leave the status new"
	case CodeNeedsMessage:
		return "solving the incidents needs the follow-up to send them"
	case CodeNeedsSolution:
		return "a ticket solved during the call needs the solution: type what fixed it"
	case CodeBadJSON:
		return fmt.Sprintf("not valid JSON at character %d: %s", e.N, e.Detail)
	case CodeCutShort:
		return "not valid JSON: the object is cut short"
	case CodeNotObject:
		return "expected a JSON object (one ticket per line), found " + englishKind(e.Other)
	case CodeWrongType:
		return fmt.Sprintf("expected %s, found %s", englishKind(e.Value), englishKind(e.Other))
	case CodeUnknownField:
		return fmt.Sprintf("unknown field %q: use the fields of `ticket export` (%s…)", e.Value, valid)
	case CodeMoreThanOne:
		return "more than one JSON value: give one ticket object per line"
	case CodeLineTooLong:
		return fmt.Sprintf("line longer than %s: this ticket was not read (split its follow-ups or shorten its description)", humanBytes(int(e.Limit)))
	case CodeBadCSV:
		return fmt.Sprintf("malformed CSV at column %d: %s (put a field holding quotes between quotes and double them: \"say \"\"hi\"\"\")", e.N, e.Detail)
	case CodeEmptyFile:
		return "the file is empty: expected a header row such as title,description,category"
	case CodeUnknownColumn:
		return fmt.Sprintf("line 1: unknown column %q: use columns among %s", e.Value, valid)
	case CodeNoTitleColumn:
		return "line 1: the header needs a title or a description column"
	}
	return string(e.Code)
}

// noun is what an unknown value was meant to be, in the English reason.
func (e *FieldError) noun() string {
	if e.Field == "" {
		return "value"
	}
	return e.Field
}

// refused builds a field error.
func refused(field string, code Code) *FieldError { return &FieldError{Field: field, Code: code} }

// unknownValue refuses value, which is none of valid.
func unknownValue[T ~string](field, value string, valid []T) *FieldError {
	vs := make([]string, len(valid))
	for i, v := range valid {
		vs[i] = string(v)
	}
	return &FieldError{Field: field, Code: CodeUnknownValue, Value: value, Valid: vs}
}

func englishKind(k string) string {
	switch k {
	case KindText:
		return "a text"
	case KindNumber:
		return "a number"
	case KindBool:
		return "true or false"
	case KindList:
		return "a list"
	case KindObject:
		return "an object"
	}
	return k
}
