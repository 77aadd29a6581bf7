/* Demo page only: ?lang=vi|en sets <html lang>, which the widget reads when it starts. */
(function () {
  'use strict';
  var lang = new URLSearchParams(location.search).get('lang');
  if (lang === 'vi' || lang === 'en') document.documentElement.lang = lang;
  document.addEventListener('DOMContentLoaded', function () {
    var current = document.documentElement.lang;
    document.querySelectorAll('.demo-lang a').forEach(function (a) {
      if (a.getAttribute('data-lang') === current) a.setAttribute('aria-current', 'page');
    });
  });
})();
