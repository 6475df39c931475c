package tickets

// HistoryFields are the names a history entry (Change.Field) can carry:
// front ends word each one for their user. A test checks that every field
// the store writes is listed.
var HistoryFields = []string{
	"created", "comment", "private comment", "channel",
	"title", "description", "category", "connection", "device",
	"requester.name", "requester.service", "requester.email", "requester.phone",
	"urgency", "impact", "priority", "assignee", "status", "tag",
	"article", "article deleted", "problem", "problem deleted", "privacy",
}
