// Shows matching tutorials while the agent describes the problem: one call
// to /api/suggest 400 ms after the last key, answers of older calls dropped.
(function () {
  var box = document.getElementById('suggestions');
  var text = document.getElementById('description');
  if (!box || !text) return;
  var fr = document.documentElement.lang !== 'en';
  var timer = 0, seq = 0, last = '';
  function el(tag, txt) { var e = document.createElement(tag); if (txt) e.textContent = txt; return e; }
  function show(results) {
    box.textContent = '';
    if (!results.length) return;
    box.appendChild(el('h2', fr ? 'Ces tutoriels peuvent vous aider' : 'These tutorials may help'));
    var ul = el('ul'); ul.className = 'results';
    results.forEach(function (r) {
      var li = el('li'), a = el('a', r.title);
      a.href = r.url; a.target = '_blank'; a.rel = 'noopener';
      li.appendChild(a);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('small', r.kind === 'video' ? (fr ? 'vidéo' : 'video') : (fr ? 'tutoriel' : 'tutorial')));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  function ask() {
    var q = text.value.trim();
    if (q.length < 8 || q === last) return;
    last = q;
    var mine = ++seq;
    var cat = document.getElementById('categorie');
    fetch('/api/suggest?q=' + encodeURIComponent(q.slice(0, 500)) + (cat ? '&categorie=' + encodeURIComponent(cat.value) : ''), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (d) { if (mine === seq) show(d.results || []); })
      .catch(function () {});
  }
  text.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(ask, 400); });
})();
