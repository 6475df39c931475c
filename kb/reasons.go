package kb

import (
	"errors"
	"fmt"
	"io/fs"
)

// Code says why the knowledge base refused an article, a line of its file
// or a whole file. The errors carry it in a Reason with the values its
// words need, so that each front end words the refusal in its user's
// language from the fields; Error() stays English, for logs, scripts and
// JSON, which do not change with the language.
type Code string

// The reasons. The comment of each says which of Reason's fields it uses.
const (
	// An article's fields (ValidationError.Field names the field).
	CodeTitleMissing      Code = "title-missing"
	CodeNotText           Code = "not-text"       // title, body or link: invalid UTF-8 or a NUL byte
	CodeTitleTooLong      Code = "title-too-long" // Limit: bytes
	CodeBodyTooLong       Code = "body-too-long"  // Limit: MiB
	CodeNegativeDuration  Code = "negative-duration"
	CodeCueNotUTF8        Code = "cue-not-utf8" // Limit: the cue's number
	CodeUnknownKind       Code = "unknown-kind" // Value: the kind given
	CodeTagNotUTF8        Code = "tag-not-utf8"
	CodeTooManyTags       Code = "too-many-tags"       // Limit: the most tags
	CodeBadDuration       Code = "bad-duration"        // Value: the duration given
	CodeDurationTooLong   Code = "duration-too-long"   // Value: the duration given; Limit: hours
	CodeCollectionMissing Code = "collection-missing"  // a collection needs a name
	CodeCollectionSpaces  Code = "collection-spaces"   // Value: the name
	CodeCollectionControl Code = "collection-control"  // control characters in the name
	CodeCollectionSlash   Code = "collection-slash"    // Value: the name
	CodeCollectionTooLong Code = "collection-too-long" // Limit: bytes
	CodeCollectionTaken   Code = "collection-taken"    // Value: the collection; Other: the path; OtherID: the article

	// A line of an article's file (LineError.Line says which).
	CodeFrontMatterTooLong  Code = "front-matter-too-long" // Limit: KiB
	CodeFrontMatterUnclosed Code = "front-matter-unclosed"
	CodeBadYAML             Code = "bad-yaml" // Value: the YAML parser's own words (English)
	CodeFrontMatterNotMap   Code = "front-matter-not-map"
	CodeNotSingleValue      Code = "not-single-value" // Value: the front matter's key
	CodeBadDate             Code = "bad-date"         // Value: the date given
	CodeTagsNested          Code = "tags-nested"
	CodeTagsNotList         Code = "tags-not-list"
	CodeNotWebVTT           Code = "not-webvtt"
	CodeVTTHeaderNoBlank    Code = "vtt-header-no-blank"
	CodeCueNoTiming         Code = "cue-no-timing"  // Value: an example of a timing line
	CodeBadCueTiming        Code = "bad-cue-timing" // Value: the line
	CodeNoCueNumber         Code = "no-cue-number"  // Value: the line (cut at 40 characters)
	CodeNoCues              Code = "no-cues"
	CodeBinary              Code = "binary"
	CodeFileNotUTF8         Code = "file-not-utf8"

	// A whole file (LineError.Line is 0).
	CodeReadDenied       Code = "read-denied"
	CodeCannotRead       Code = "cannot-read"       // Value: the system's own words (English)
	CodeNotRegular       Code = "not-regular"       // Value: a FileKind
	CodeFileTooLarge     Code = "file-too-large"    // Value: its size in MiB (one decimal); Limit: MiB
	CodeFileOverLimit    Code = "file-over-limit"   // Limit: MiB (its size is not known)
	CodeLinkNotFollowed  Code = "link-not-followed" // following links was not asked for
	CodeLinkMissing      Code = "link-missing"
	CodeLinkLoop         Code = "link-loop"   // Value: the system's own words (English)
	CodeLinkFailed       Code = "link-failed" // Value: the system's own words (English)
	CodeLinkToFolder     Code = "link-to-folder"
	CodeLinkOutside      Code = "link-outside"
	CodeLinkNotRegular   Code = "link-not-regular"  // Value: a FileKind
	CodeSecondTranscript Code = "second-transcript" // Other: the transcript already taken

	// A folder given to import (FolderError).
	CodeFolderMissing Code = "folder-missing"
	CodeNotFolder     Code = "not-folder"

	// A line of the helpdesk's lexicon file (LexiconError).
	CodeLexiconNoEquals      Code = "lexicon-no-equals"
	CodeLexiconNothingAfter  Code = "lexicon-nothing-after"
	CodeLexiconNothingBefore Code = "lexicon-nothing-before"
)

// Codes lists every reason, for the front ends' tests that each is worded
// in each language.
func Codes() []Code {
	return append([]Code(nil), codeOrder...)
}

// File kinds, the Value of CodeNotRegular and CodeLinkNotRegular.
const (
	KindPipe      = "pipe"
	KindSocket    = "socket"
	KindDevice    = "device"
	KindIrregular = "irregular"
	KindOther     = "other"
)

// FileKinds lists the file kinds a front end words.
func FileKinds() []string {
	return []string{KindPipe, KindSocket, KindDevice, KindIrregular, KindOther}
}

func fileKindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return KindPipe
	case m&fs.ModeSocket != 0:
		return KindSocket
	case m&fs.ModeDevice != 0:
		return KindDevice
	case m&fs.ModeIrregular != 0:
		return KindIrregular
	}
	return KindOther
}

var kindEnglish = map[string]string{
	KindPipe:      "a named pipe",
	KindSocket:    "a socket",
	KindDevice:    "a device",
	KindIrregular: "an irregular file",
	KindOther:     "not a file",
}

// Reason is why something was refused: its code and the values its words
// quote. Which fields a code uses is said next to it.
type Reason struct {
	Code    Code
	Value   string // the refused value, a key, a line or the system's words
	Limit   int    // the limit passed (bytes, MiB, KiB, tags, hours) or a cue's number
	Other   string // what it clashes with: another article's path, another transcript
	OtherID int64  // the other article
}

// String is the reason in English.
func (r Reason) String() string {
	f, ok := english[r.Code]
	if !ok {
		return string(r.Code)
	}
	value := r.Value
	if r.Code == CodeNotRegular || r.Code == CodeLinkNotRegular {
		value = kindEnglish[r.Value]
	}
	return sprintfIndexed(f, value, r.Limit, r.Other, r.OtherID)
}

// sprintfIndexed formats f, whose verbs are all indexed (%[1]q the value,
// %[2]d the limit, %[3]s the other, %[4]d the other article), with the
// reason's fields; a text without verbs is returned as it is.
func sprintfIndexed(f, value string, limit int, other string, otherID int64) string {
	for i := 0; i < len(f); i++ {
		if f[i] == '%' {
			return fmt.Sprintf(f, value, limit, other, otherID)
		}
	}
	return f
}

// english words each reason for logs, scripts and JSON: %[1] is Value,
// %[2] Limit, %[3] Other, %[4] OtherID (see sprintfIndexed).
var english = map[Code]string{
	CodeTitleMissing:         "an article needs a title",
	CodeNotText:              "invalid UTF-8 or NUL byte",
	CodeTitleTooLong:         "title longer than %[2]d bytes",
	CodeBodyTooLong:          "body longer than %[2]d MiB",
	CodeNegativeDuration:     "negative duration",
	CodeCueNotUTF8:           "cue %[2]d: invalid UTF-8",
	CodeUnknownKind:          "kind %[1]q is neither tutorial nor video",
	CodeTagNotUTF8:           "invalid UTF-8 in a tag",
	CodeTooManyTags:          "more than %[2]d tags",
	CodeBadDuration:          "duration %[1]q is not like 3m20s or 03:20",
	CodeDurationTooLong:      "duration %[1]q is not a video length (like 3m20s or 03:20, at most %[2]d hours)",
	CodeCollectionMissing:    "a collection needs a name",
	CodeCollectionSpaces:     "collection %[1]q starts or ends with a space",
	CodeCollectionControl:    "collection name holds control characters",
	CodeCollectionSlash:      "collection %[1]q holds a /",
	CodeCollectionTooLong:    "collection name longer than %[2]d bytes",
	CodeCollectionTaken:      "collection %[1]q already has %[3]s (article %[4]d)",
	CodeFrontMatterTooLong:   "front matter longer than %[2]d KiB: is its closing --- missing?",
	CodeFrontMatterUnclosed:  "front matter opened with --- is never closed",
	CodeBadYAML:              "invalid YAML front matter: %[1]s",
	CodeFrontMatterNotMap:    "front matter must be a list of key: value lines",
	CodeNotSingleValue:       "%[1]s must be a single value",
	CodeBadDate:              "verified: %[1]q is not a date like 2026-05-12",
	CodeTagsNested:           "tags must be words, not nested lists",
	CodeTagsNotList:          "tags must be a list like [teams, camera]",
	CodeNotWebVTT:            "not a WebVTT file: the first line must be WEBVTT",
	CodeVTTHeaderNoBlank:     "a blank line must separate the WEBVTT header from the first cue",
	CodeCueNoTiming:          "cue without a timing line (%[1]s)",
	CodeBadCueTiming:         "invalid cue timing %[1]q (expected 00:01:02.500 --> 00:01:05.000)",
	CodeNoCueNumber:          "expected a cue number or a timing line, found %[1]q",
	CodeNoCues:               "no subtitle cue found",
	CodeBinary:               "binary file (NUL byte), not text",
	CodeFileNotUTF8:          "invalid UTF-8 (save the file as UTF-8)",
	CodeReadDenied:           "cannot read: permission denied",
	CodeCannotRead:           "cannot read: %[1]s",
	CodeNotRegular:           "not a regular file (%[1]s): only files are imported",
	CodeFileTooLarge:         "file too large (%[1]s MiB, the limit is %[2]d MiB)",
	CodeFileOverLimit:        "file too large (more than %[2]d MiB)",
	CodeLinkNotFollowed:      "symbolic link, not followed",
	CodeLinkMissing:          "symbolic link to a missing file",
	CodeLinkLoop:             "symbolic link that cannot be resolved (a loop?): %[1]s",
	CodeLinkFailed:           "symbolic link: %[1]s",
	CodeLinkToFolder:         "symbolic link to a folder, not followed",
	CodeLinkOutside:          "symbolic link leading outside the imported folder, not followed",
	CodeLinkNotRegular:       "symbolic link to something that is not a regular file (%[1]s)",
	CodeSecondTranscript:     "a second transcript for the same article (%[3]s already is): remove one",
	CodeFolderMissing:        "no such folder",
	CodeNotFolder:            "not a folder",
	CodeLexiconNoEquals:      "want: what people type | another way = tutorial words ; other words",
	CodeLexiconNothingAfter:  "nothing after = (write the words the tutorials use)",
	CodeLexiconNothingBefore: "nothing before = (write what people type)",
}

// codeOrder is the order of Codes (the constants' order).
var codeOrder = []Code{
	CodeTitleMissing, CodeNotText, CodeTitleTooLong, CodeBodyTooLong, CodeNegativeDuration, CodeCueNotUTF8,
	CodeUnknownKind, CodeTagNotUTF8, CodeTooManyTags, CodeBadDuration, CodeDurationTooLong,
	CodeCollectionMissing, CodeCollectionSpaces, CodeCollectionControl, CodeCollectionSlash, CodeCollectionTooLong, CodeCollectionTaken,
	CodeFrontMatterTooLong, CodeFrontMatterUnclosed, CodeBadYAML, CodeFrontMatterNotMap, CodeNotSingleValue, CodeBadDate,
	CodeTagsNested, CodeTagsNotList, CodeNotWebVTT, CodeVTTHeaderNoBlank, CodeCueNoTiming, CodeBadCueTiming, CodeNoCueNumber,
	CodeNoCues, CodeBinary, CodeFileNotUTF8,
	CodeReadDenied, CodeCannotRead, CodeNotRegular, CodeFileTooLarge, CodeFileOverLimit, CodeLinkNotFollowed, CodeLinkMissing,
	CodeLinkLoop, CodeLinkFailed, CodeLinkToFolder, CodeLinkOutside, CodeLinkNotRegular, CodeSecondTranscript,
	CodeFolderMissing, CodeNotFolder, CodeLexiconNoEquals, CodeLexiconNothingAfter, CodeLexiconNothingBefore,
}

// ValidationError is an article that cannot be stored as given: Field
// names the field (title, text, body, kind, duration, tags, transcript,
// collection), Reason says why.
type ValidationError struct {
	Field string
	Reason
	Line int // in the source file, when known
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Reason.String() }

func invalid(field string, r Reason) error { return &ValidationError{Field: field, Reason: r} }

// LineError is a problem at a line of an article's file, or with the whole
// file when Line is 0: the import reports it as path:line: reason, the
// interface's draft editor likewise.
type LineError struct {
	Line int
	Reason
}

func (e *LineError) Error() string {
	if e.Line == 0 {
		return e.Reason.String()
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Reason.String())
}

func errAt(line int, r Reason) error { return &LineError{Line: line, Reason: r} }

// ReasonOf finds the Reason of a refusal in err's chain (a *ValidationError
// or a *LineError), for a front end to word.
func ReasonOf(err error) (Reason, bool) {
	var ve *ValidationError
	var le *LineError
	switch {
	case errors.As(err, &ve):
		return ve.Reason, true
	case errors.As(err, &le):
		return le.Reason, true
	}
	return Reason{}, false
}

// LexiconError is a line of a lexicon file (LoadLexicon) that cannot be
// read: "lexicon.txt:12: reason".
type LexiconError struct {
	Path string
	LineError
}

func (e *LexiconError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Reason.String())
}

func (e *LexiconError) Unwrap() error { return &e.LineError }

// FolderError is a folder given to import that cannot be imported.
type FolderError struct {
	Dir string
	Reason
}

func (e *FolderError) Error() string { return "import " + e.Dir + ": " + e.Reason.String() }
