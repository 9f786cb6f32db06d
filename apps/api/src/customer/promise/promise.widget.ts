/**
 * GET /widget/promise.js: the script a store adds to its product page. It turns each
 * `<div data-delivery-promise></div>` into a pincode box that shows "Delivery by Fri, 11 Dec".
 * Plain ES2017, no framework, a few KB; it asks the API it was loaded from (the script's own
 * origin). Options on the div: `data-cod="1"` asks about cash on delivery, `data-lang="hi"` speaks
 * Hindi. The last pincode typed is remembered on the shopper's device.
 */
export const PROMISE_WIDGET_JS = `(function () {
  'use strict';
  var script = document.currentScript;
  var api = new URL('/api/v1/promise', script && script.src ? script.src : location.href).href;
  var TEXT = {
    en: {
      label: 'Check delivery date', placeholder: 'Pincode', check: 'Check',
      by: 'Delivery by {date}', within: 'usually {min}-{max} days',
      no: 'We do not deliver to {pin} yet.', noCod: 'Cash on delivery is not available at {pin}.',
      unknown: 'We will confirm the delivery date after you order.', bad: 'Enter a 6-digit pincode.',
      error: 'Could not check right now. Please try again.', locale: 'en-IN'
    },
    hi: {
      label: 'डिलीवरी की तारीख देखें', placeholder: 'पिनकोड', check: 'देखें',
      by: '{date} तक डिलीवरी', within: 'आम तौर पर {min}-{max} दिन',
      no: '{pin} पर अभी हम डिलीवरी नहीं करते।', noCod: '{pin} पर कैश ऑन डिलीवरी उपलब्ध नहीं है।',
      unknown: 'ऑर्डर के बाद हम डिलीवरी की तारीख बताएँगे।', bad: '6 अंकों का पिनकोड लिखें।',
      error: 'अभी जाँच नहीं हो पाई। कृपया फिर कोशिश करें।', locale: 'hi-IN'
    }
  };
  function fill(text, values) {
    return text.replace(/\\{(\\w+)\\}/g, function (_, key) { return values[key]; });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text) node.textContent = text;
    return node;
  }
  function mount(host, n) {
    if (host.getAttribute('data-promise-ready')) return;
    host.setAttribute('data-promise-ready', '1');
    var t = TEXT[host.getAttribute('data-lang')] || TEXT.en;
    var cod = host.getAttribute('data-cod') === '1';
    var id = 'delivery-promise-' + n;
    var form = el('form', { 'class': 'delivery-promise', novalidate: '' });
    var label = el('label', { 'for': id }, t.label);
    var input = el('input', {
      id: id, name: 'pincode', inputmode: 'numeric', autocomplete: 'postal-code',
      maxlength: '6', pattern: '[1-9][0-9]{5}', placeholder: t.placeholder, size: '8'
    });
    var button = el('button', { type: 'submit' }, t.check);
    var out = el('p', { role: 'status', 'aria-live': 'polite', 'class': 'delivery-promise-answer' });
    form.appendChild(label); form.appendChild(input); form.appendChild(button); form.appendChild(out);
    host.appendChild(form);
    var saved = '';
    try { saved = localStorage.getItem('delivery-promise-pincode') || ''; } catch (e) {}
    if (/^[1-9][0-9]{5}$/.test(saved)) { input.value = saved; ask(saved); }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var pin = input.value.replace(/\\s+/g, '');
      if (!/^[1-9][0-9]{5}$/.test(pin)) { out.textContent = t.bad; return; }
      try { localStorage.setItem('delivery-promise-pincode', pin); } catch (e) {}
      ask(pin);
    });
    function ask(pin) {
      out.textContent = '…';
      fetch(api + '?pincode=' + pin + (cod ? '&cod=1' : ''), { credentials: 'omit' })
        .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
        .then(function (p) {
          if (!p.serviceable) { out.textContent = fill(t.no, { pin: pin }); return; }
          if (cod && !p.cod) { out.textContent = fill(t.noCod, { pin: pin }); return; }
          if (!p.deliverBy) { out.textContent = t.unknown; return; }
          var date = new Intl.DateTimeFormat(t.locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
            .format(new Date(p.deliverBy + 'T00:00:00Z'));
          out.textContent = fill(t.by, { date: date }) +
            (p.days && p.days.max > p.days.min ? ' (' + fill(t.within, p.days) + ')' : '');
        })
        .catch(function () { out.textContent = t.error; });
    }
  }
  function start() {
    var hosts = document.querySelectorAll('[data-delivery-promise]');
    for (var i = 0; i < hosts.length; i++) mount(hosts[i], i);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
