package portal

import (
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"hotline/internal/i18n"
)

// lang is the language of one response: "fr" (default) or "en".
type lang string

const langCookie = "hotline_lang"

var matcher = language.NewMatcher([]language.Tag{language.French, language.English})

// lang picks the language: the switch (a cookie) first, then the
// browser's Accept-Language, else French.
func (s *Server) lang(r *http.Request) lang {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "fr" || c.Value == "en") {
		return lang(c.Value)
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, idx, conf := matcher.Match(tags...)
			if conf != language.No && idx == 1 {
				return "en"
			}
		}
	}
	return "fr"
}

// T translates a message key; a missing key shows itself (caught by a test).
func (l lang) T(key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if l == "en" {
		return m[1]
	}
	return m[0]
}

// words is the language for the shared words (reasons.Text).
func (l lang) words() i18n.Lang {
	if l == "en" {
		return i18n.English
	}
	return i18n.French
}

// F translates and formats.
func (l lang) F(key string, args ...any) string { return fmt.Sprintf(l.T(key), args...) }

// messages: key → {French, English}.
var messages = map[string][2]string{
	"site.name":                    {"Assistance informatique", "IT helpdesk"},
	"nav.new":                      {"Nouvelle demande", "New request"},
	"nav.kb":                       {"Tutoriels", "Tutorials"},
	"nav.lang":                     {"English", "Français"},
	"new.title":                    {"Décrire votre problème", "Describe your problem"},
	"new.intro":                    {"Les tutoriels qui correspondent s'affichent pendant que vous écrivez : beaucoup de problèmes se règlent en deux minutes.", "Matching tutorials show while you type: many problems are solved in two minutes."},
	"f.name":                       {"Votre nom", "Your name"},
	"f.service":                    {"Votre service", "Your department"},
	"f.service.other":              {"Autre", "Other"},
	"f.service.free":               {"Si « Autre » : lequel ?", "If “Other”: which one?"},
	"f.email":                      {"Adresse e-mail", "Email address"},
	"f.phone":                      {"Téléphone pour vous rappeler", "Phone number to call you back"},
	"f.connection":                 {"Comment êtes-vous connecté(e) ?", "How are you connected?"},
	"conn.home":                    {"Box à la maison", "Home broadband"},
	"conn.4g":                      {"Partage 4G du téléphone pro", "4G tethering from the work phone"},
	"conn.vpn":                     {"VPN", "VPN"},
	"conn.office":                  {"Au bureau", "At the office"},
	"conn.unknown":                 {"Je ne sais pas", "I don't know"},
	"f.category":                   {"De quoi s'agit-il ?", "What is it about?"},
	"f.description":                {"Que se passe-t-il ?", "What happens?"},
	"f.description.h":              {"Ce que vous faisiez, le message affiché, depuis quand.", "What you were doing, the message shown, since when."},
	"f.block":                      {"À quel point cela vous bloque-t-il ?", "How much does it block you?"},
	"block.5":                      {"Je ne peux plus travailler du tout", "I cannot work at all"},
	"block.4":                      {"Je travaille, mais avec beaucoup de difficulté", "I can work, but with great difficulty"},
	"block.3":                      {"C'est gênant, mais je contourne", "It's a nuisance, I work around it"},
	"block.2":                      {"Ce n'est pas urgent", "It's not urgent"},
	"f.files":                      {"Captures d'écran ou fichiers (3 au plus, 5 Mo chacun : PNG, JPEG, PDF, TXT)", "Screenshots or files (up to 3, 5 MB each: PNG, JPEG, PDF, TXT)"},
	"f.files.again":                {"Les fichiers ne sont pas conservés entre deux étapes : choisissez-les de nouveau avant d'envoyer.", "Files are not kept between steps: choose them again before sending."},
	"f.remember":                   {"Se souvenir de mes coordonnées sur cet appareil", "Remember my details on this device"},
	"f.website":                    {"Ne pas remplir", "Leave empty"},
	"btn.suggest":                  {"Voir les tutoriels", "See the tutorials"},
	"btn.send":                     {"Envoyer la demande", "Send the request"},
	"btn.reply":                    {"Envoyer la réponse", "Send the reply"},
	"btn.solved":                   {"C'est résolu", "It's solved"},
	"btn.rate":                     {"Envoyer la note", "Send the rating"},
	"btn.search":                   {"Chercher", "Search"},
	"btn.selfsolved":               {"Ce tutoriel a résolu mon problème", "This tutorial solved my problem"},
	"sugg.title":                   {"Ces tutoriels peuvent vous aider", "These tutorials may help"},
	"sugg.none":                    {"Aucun tutoriel ne correspond : envoyez votre demande, un technicien s'en occupe.", "No tutorial matches: send your request, a technician will handle it."},
	"sugg.video":                   {"vidéo", "video"},
	"sugg.tutorial":                {"tutoriel", "tutorial"},
	"sent.title":                   {"Demande n°%d envoyée", "Request #%d sent"},
	"sent.keep":                    {"Gardez ce lien : il est personnel et permet de suivre votre demande, d'y répondre et d'ajouter des fichiers.", "Keep this link: it is personal and lets you follow your request, reply and add files."},
	"sent.once":                    {"Ce lien ne sera plus affiché. Ajoutez-le à vos favoris.", "This link will not be shown again. Bookmark it."},
	"sent.open":                    {"Suivre ma demande", "Follow my request"},
	"st.title":                     {"Demande n°%d", "Request #%d"},
	"st.status":                    {"État :", "Status:"},
	"st.new":                       {"Reçue, en attente d'un technicien", "Received, waiting for a technician"},
	"st.assigned":                  {"Prise en charge par un technicien", "Being handled by a technician"},
	"st.planned":                   {"Intervention planifiée", "Work scheduled"},
	"st.pending":                   {"En attente de votre réponse", "Waiting for your reply"},
	"st.solved":                    {"Résolue", "Solved"},
	"st.closed":                    {"Close", "Closed"},
	"st.filed":                     {"Envoyée le %s", "Sent on %s"},
	"st.you":                       {"Vous", "You"},
	"st.helpdesk":                  {"L'assistance", "The helpdesk"},
	"st.exchanges":                 {"Échanges", "Messages"},
	"st.none":                      {"Pas encore de réponse.", "No answer yet."},
	"st.tutorials":                 {"Tutoriels conseillés", "Recommended tutorials"},
	"st.files":                     {"Fichiers", "Files"},
	"st.reply":                     {"Répondre ou ajouter des fichiers", "Reply or add files"},
	"st.reply.text":                {"Votre message", "Your message"},
	"st.closed.note":               {"Cette demande est close. Pour un nouveau problème, faites une nouvelle demande.", "This request is closed. For a new problem, file a new request."},
	"st.rate":                      {"Votre avis sur la réponse", "Your opinion of the answer"},
	"st.rate.score":                {"Note (1 = mauvais, 5 = excellent)", "Rating (1 = poor, 5 = excellent)"},
	"st.rate.comment":              {"Commentaire (facultatif)", "Comment (optional)"},
	"st.rated":                     {"Merci pour votre note : %d/5.", "Thank you for your rating: %d/5."},
	"st.replied":                   {"Votre réponse a été ajoutée.", "Your reply was added."},
	"st.solvedok":                  {"C'est noté : votre demande est résolue. Vous pouvez noter la réponse.", "Noted: your request is solved. You can rate the answer."},
	"st.ratedok":                   {"Merci pour votre avis.", "Thank you for your feedback."},
	"kb.title":                     {"Tutoriels et vidéos", "Tutorials and videos"},
	"kb.query":                     {"Rechercher un tutoriel", "Search a tutorial"},
	"kb.none":                      {"Aucun tutoriel trouvé pour « %s ».", "No tutorial found for “%s”."},
	"kb.video":                     {"Voir la vidéo", "Watch the video"},
	"kb.transcript":                {"Transcription", "Transcript"},
	"kb.back":                      {"Revenir à ma demande", "Back to my request"},
	"kb.thanks":                    {"Tant mieux ! Rien n'a été envoyé : aucune demande n'a été créée.", "Great! Nothing was sent: no request was filed."},
	"kb.still":                     {"Toujours un problème ? Faites une demande.", "Still a problem? File a request."},
	"thanks.title":                 {"Merci", "Thank you"},
	"err.title":                    {"Impossible de continuer", "Cannot go on"},
	"err.notfound":                 {"Cette page n'existe pas.", "This page does not exist."},
	"err.token":                    {"Ce lien de suivi n'est pas valable : vérifiez qu'il est complet (copiez-le en entier depuis le message reçu).", "This follow-up link is not valid: check that it is complete (copy all of it from the message you received)."},
	"err.csrf":                     {"Le formulaire a expiré ou vient d'un autre site : rechargez la page et renvoyez-le.", "The form expired or came from another site: reload the page and send it again."},
	"err.toolarge":                 {"Envoi trop volumineux : au plus %s au total (3 fichiers de 5 Mo). Réduisez les fichiers et réessayez.", "Upload too large: at most %s in all (3 files of 5 MB). Make the files smaller and try again."},
	"err.form":                     {"Le formulaire est illisible : rechargez la page et réessayez.", "The form could not be read: reload the page and try again."},
	"err.fix":                      {"Corrigez les champs signalés ci-dessous.", "Fix the fields marked below."},
	"err.server":                   {"Une erreur interne a empêché l'enregistrement : rien n'a été enregistré. Réessayez dans un instant.", "An internal error prevented saving: nothing was saved. Try again in a moment."},
	"err.kiosk":                    {"Cet appareil n'est pas autorisé à envoyer des demandes : utilisez le lien fourni par l'assistance.", "This device may not file requests: use the link given by the helpdesk."},
	"err.closed":                   {"Cette demande est close : faites une nouvelle demande.", "This request is closed: file a new request."},
	"err.notsolved":                {"La note se donne une fois la demande résolue.", "The rating is given once the request is solved."},
	"err.rated":                    {"Cette demande a déjà été notée.", "This request was already rated."},
	"err.article":                  {"Ce tutoriel n'existe pas ou a été retiré.", "This tutorial does not exist or was withdrawn."},
	"v.name":                       {"Indiquez votre nom, pour que le technicien sache qui rappeler.", "Give your name, so the technician knows whom to call back."},
	"v.contact":                    {"Indiquez une adresse e-mail ou un téléphone pour qu'on puisse vous répondre.", "Give an email address or a phone number so we can answer you."},
	"v.description":                {"Décrivez le problème en quelques mots.", "Describe the problem in a few words."},
	"v.email":                      {"Cette adresse e-mail n'est pas valable ou n'est pas une adresse professionnelle acceptée.", "This email address is not valid or not an accepted work address."},
	"v.attachments":                {"Fichier refusé : %s", "File refused: %s"},
	"v.text":                       {"Écrivez votre message.", "Write your message."},
	"v.rating":                     {"Choisissez une note de 1 à 5.", "Choose a rating from 1 to 5."},
	"v.field":                      {"Valeur refusée : %s", "Value refused: %s"},
	"size.B":                       {"o", "B"},
	"size.KB":                      {"Ko", "KB"},
	"size.MB":                      {"Mo", "MB"},
	"date.format":                  {"02/01/2006 à 15:04", "2006-01-02 15:04"},
	"cat.Teams":                    {"Teams (appels, réunions, messages)", "Teams (calls, meetings, chat)"},
	"cat.Messagerie":               {"Messagerie, Outlook, agenda", "Email, Outlook, calendar"},
	"cat.Réseau/VPN":               {"Connexion, internet, VPN", "Connection, internet, VPN"},
	"cat.Matériel":                 {"Ordinateur, écran, casque, clavier", "Computer, screen, headset, keyboard"},
	"cat.Comptes et mots de passe": {"Mot de passe, compte bloqué, accès", "Password, locked account, access"},
	"cat.Logiciels métier":         {"Logiciel métier ou application", "Business software or application"},
	"cat.Impression":               {"Impression, scanner", "Printing, scanning"},
	"cat.Téléphonie":               {"Téléphone, ligne, messagerie vocale", "Phone, line, voicemail"},
	"cat.Autre":                    {"Autre chose / je ne sais pas", "Something else / I don't know"},
}

// categoryLabel words a configured category for an agent.
func (l lang) categoryLabel(c string) string {
	if m, ok := messages["cat."+c]; ok {
		if l == "en" {
			return m[1]
		}
		return m[0]
	}
	return c
}

// size writes a byte count with the language's units.
func (l lang) Size(n int64) string {
	switch {
	case n >= 1<<20:
		v := fmt.Sprintf("%.1f", float64(n)/(1<<20))
		if l == "fr" {
			v = strings.Replace(v, ".", ",", 1)
		}
		return v + " " + l.T("size.MB")
	case n >= 1<<10:
		return fmt.Sprintf("%d %s", (n+512)>>10, l.T("size.KB"))
	}
	return fmt.Sprintf("%d %s", n, l.T("size.B"))
}
