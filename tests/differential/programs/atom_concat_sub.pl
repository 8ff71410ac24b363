% atom_concat/3 (nondeterministic) and sub_atom/5.

% query: atom_concat(abc, def, X).
% query: atom_concat(X, def, abcdef).
% query: atom_concat(abc, X, abcdef).
% query: atom_concat(X, Y, abc).
% query: atom_concat(abc, 12, X).
% query: atom_concat(X, Y, Z).
% query: atom_concat(a, X, bcd).
% query: sub_atom(abcde, 1, 3, A, S).
% query: sub_atom(abcde, B, 2, A, S).
% query: sub_atom(abc, B, L, A, S).
% query: sub_atom(abcab, B, _, _, ab).
% query: sub_atom(hello, 0, 1, _, F).
% query: sub_atom(hello, _, 1, 0, F).
% query: sub_atom(hello, B, L, 0, S).
% query: sub_atom(abc, 4, _, _, S).
% query: sub_atom(X, 0, 1, _, a).
% query: findall(S, sub_atom(banana, _, 3, _, S), L).
