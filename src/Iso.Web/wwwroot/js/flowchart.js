// Dragging flowchart nodes and the editor's keyboard shortcuts (ADR 0018). The server draws the chart as SVG and owns
// every position: while a node is dragged only its group moves here; on drop the new centre goes to the server, which
// stores it and redraws the ways. A press that does not move is left to the server as a click (select the step).

function toSvg(svg, event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}

export function attachChart(svg, dotnet, editable) {
  let drag = null;
  let swallowClick = false;

  const down = (event) => {
    if (!editable || event.button !== 0) return;
    const group = event.target.closest('[data-node]');
    if (!group) return;
    drag = {
      group,
      id: group.dataset.node,
      x: Number(group.dataset.x),
      y: Number(group.dataset.y),
      start: toSvg(svg, event),
      moved: false,
      pointer: event.pointerId,
      dx: 0,
      dy: 0,
    };
  };

  const move = (event) => {
    if (!drag) return;
    const point = toSvg(svg, event);
    const dx = point.x - drag.start.x;
    const dy = point.y - drag.start.y;
    if (!drag.moved && Math.hypot(dx, dy) < 5) return;
    if (!drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(drag.pointer);
      drag.group.classList.add('iso-flow-dragging');
    }
    drag.dx = dx;
    drag.dy = dy;
    drag.group.setAttribute('transform', `translate(${drag.x + dx} ${drag.y + dy})`);
    event.preventDefault();
  };

  const up = async () => {
    const done = drag;
    drag = null;
    if (!done || !done.moved) return;
    swallowClick = true;
    done.group.classList.remove('iso-flow-dragging');
    const kept = await dotnet.invokeMethodAsync('NodeMoved', done.id, Math.round(done.x + done.dx), Math.round(done.y + done.dy));
    if (!kept) done.group.setAttribute('transform', `translate(${done.x} ${done.y})`);
  };

  const click = (event) => {
    if (swallowClick) {
      swallowClick = false;
      event.stopPropagation();
      event.preventDefault();
    }
  };

  svg.addEventListener('pointerdown', down);
  svg.addEventListener('pointermove', move);
  svg.addEventListener('pointerup', up);
  svg.addEventListener('pointercancel', up);
  svg.addEventListener('click', click, true);
  return {
    setEditable: (value) => { editable = value; },
    detach: () => {
      svg.removeEventListener('pointerdown', down);
      svg.removeEventListener('pointermove', move);
      svg.removeEventListener('pointerup', up);
      svg.removeEventListener('pointercancel', up);
      svg.removeEventListener('click', click, true);
    },
  };
}

// Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) undo and redo the editor's edits, except while typing in a field, where the
// field's own undo applies.
export function attachShortcuts(dotnet) {
  const key = (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const target = event.target;
    if (target && (target.closest('input, textarea, select, [contenteditable="true"]'))) return;
    const k = event.key.toLowerCase();
    if (k === 'z' && !event.shiftKey) {
      event.preventDefault();
      dotnet.invokeMethodAsync('Undo');
    } else if (k === 'y' || (k === 'z' && event.shiftKey)) {
      event.preventDefault();
      dotnet.invokeMethodAsync('Redo');
    }
  };
  document.addEventListener('keydown', key);
  return { detach: () => document.removeEventListener('keydown', key) };
}

// Brings a step (in the chart or the table) into view.
export function reveal(selector) {
  const element = document.querySelector(selector);
  if (element) element.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
}
