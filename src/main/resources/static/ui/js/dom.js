// Builds elements from data without ever parsing it as markup: text goes in as text nodes, so an
// error message or a function description cannot inject HTML, whatever it holds.

/**
 * h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]) -> HTMLElement.
 * Attributes whose value is null, undefined or false are left out; true sets an empty one.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value' || name === 'checked' || name === 'selected') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Announces a short message to screen readers. */
export function announce(text) {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}
