// Building page elements without markup strings, so no text from the API is ever parsed as HTML.

/** An element with attributes (`text` sets its text, `on<event>` adds a listener) and children. */
export const element = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([key, value]) => {
    if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  });
  node.append(...children);
  return node;
};

/** An SVG element with attributes and children. */
export const svg = (tag, attributes = {}, ...children) => {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  Object.entries(attributes).forEach(([key, value]) => {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  });
  node.append(...children);
  return node;
};
