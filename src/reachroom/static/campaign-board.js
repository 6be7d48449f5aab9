// Drag a pipeline card onto another column: the move goes through the card's own "Move" form (the same request
// as the keyboard path), so the server still checks the allowed moves and the version. Columns a card can't
// move to are marked and the reason is announced.
(function () {
  const board = document.querySelector('[data-testid="board"]');
  if (!board) return;
  const note = document.getElementById(board.dataset.moveNote);
  let dragged = null;

  function allowed(card, column) {
    const moves = (card.dataset.moves || '').split(' ').filter(Boolean);
    if (column === 'closed') return moves.find((m) => m === 'declined' || m === 'withdrawn') || null;
    return moves.includes(column) ? column : null;
  }

  board.addEventListener('dragstart', (event) => {
    dragged = event.target.closest('.board-card');
    if (!dragged) return;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged.dataset.entry);
  });
  board.addEventListener('dragend', () => {
    dragged = null;
    board.querySelectorAll('.board-col').forEach((c) => c.classList.remove('drop-ok', 'drop-no'));
  });
  board.addEventListener('dragover', (event) => {
    const col = event.target.closest('.board-col');
    if (!col || !dragged) return;
    const ok = allowed(dragged, col.dataset.column);
    col.classList.toggle('drop-ok', !!ok);
    col.classList.toggle('drop-no', !ok);
    if (ok) event.preventDefault();
    else if (note && col.dataset.column !== dragged.closest('.board-col').dataset.column) {
      // the browser fires no drop where dropping is refused, so say why while the card hovers there
      note.textContent = 'A card can’t move from ' + dragged.closest('.board-col').querySelector('.board-col-head span').textContent
        + ' to ' + col.querySelector('.board-col-head span').textContent + '; its Move list shows where it can go.';
    }
  });
  board.addEventListener('dragleave', (event) => {
    const col = event.target.closest('.board-col');
    if (col && !col.contains(event.relatedTarget)) col.classList.remove('drop-ok', 'drop-no');
  });
  board.addEventListener('drop', (event) => {
    const col = event.target.closest('.board-col');
    if (!col || !dragged) return;
    event.preventDefault();
    const stage = allowed(dragged, col.dataset.column);
    const form = dragged.querySelector('form.move-form');
    if (!stage || !form) {
      if (note) note.textContent = 'That move is not allowed from this stage; use the card’s Move list to see where it can go.';
      return;
    }
    form.querySelector('select[name="stage"]').value = stage;
    form.submit();
  });
})();
