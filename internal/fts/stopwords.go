package fts

import "strings"

// stopwords never carry the meaning of a request: French and English
// function words, question words, politeness, and the vague verbs of
// complaints ("marche pas", "fonctionne plus"). Folded like the index.
var stopwords = setOf(`
a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je
la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou
par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos
votre vous c d j l m n s t y est sont suis es etes sommes ai as avons avez
ont etait etre avoir fait faire peut peux puis pouvez pourquoi comment quand
quel quelle quels quelles quoi combien ou dont si plus moins tres trop bien
tout tous toute toutes rien aucun aucune ca cela ceci voici voila alors donc
car comme aussi encore deja toujours jamais ici la-bas
bonjour bonsoir merci svp stp please hello hi cordialement salut madame monsieur
besoin aide aidez aider urgent urgence help probleme problemes souci soucis
marche marchent fonctionne fonctionnent fonctionner marcher arrive arrivent
veux voudrais voudrait faut dois doit devrais sais savoir
the an and or of to in on at for with is are was be do does did how what why
when where which who can cannot my your our it its this that not no i me we you
`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// IsStopword reports whether a folded term carries no meaning of its own.
func IsStopword(term string) bool { return stopwords[term] }

// Significant returns the folded terms of s that carry meaning: no
// stopwords, no single letters, each once, in order of appearance.
func Significant(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range Terms(s) {
		if len(t) < 2 || stopwords[t] || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// Stem is a light French stemmer for matching, not for display: it drops
// the plural and feminine endings that agents spell at random ("caméras
// noires" and "camera noir" give the same stems). Use the stem as a prefix
// query (Prefix) so the index finds every spelling.
func Stem(term string) string {
	if len(term) > 4 && (term[len(term)-1] == 's' || term[len(term)-1] == 'x') {
		term = term[:len(term)-1]
	}
	if len(term) > 4 && term[len(term)-1] == 'e' {
		term = term[:len(term)-1]
	}
	return term
}

// Stems is Significant then Stem, each stem once.
func Stems(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range Significant(s) {
		t = Stem(t)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
