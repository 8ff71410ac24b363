% atomic_list_concat/2,3 and upcase_atom/2.

% query: atomic_list_concat([a, b, c], X).
% query: atomic_list_concat([a, 1, "s", 2.5], X).
% query: atomic_list_concat([a, b, c], '-', X).
% query: atomic_list_concat(L, '-', 'a-b--c').
% query: atomic_list_concat(L, ',', abc).
% query: atomic_list_concat([a, B], X).
% query: atomic_list_concat([], X).
% query: atomic_list_concat([], '-', X).
% query: atomic_list_concat(L, '', abc).
% query: atomic_list_concat([x, y], ', ', X).
% query: upcase_atom('hello World', U).
% query: downcase_atom('Hello World', D).
% query: upcase_atom(abc, 'ABC').
% query: upcase_atom(X, 'ABC').
% query: atomic_list_concat([a, f(x)], X).
