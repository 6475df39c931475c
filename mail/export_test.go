package mail

// BigMail is bigMail for the external tests.
var BigMail = bigMail
