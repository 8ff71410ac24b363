% between/3, succ/2, plus/3, char_code/2.

% query: between(1, 5, X).
% query: between(3, 3, X).
% query: between(5, 1, X).
% query: between(1, 3, 2).
% query: between(1, 3, 7).
% query: between(1, inf, X).
% query: between(1, infinite, X).
% query: between(a, 3, X).
% query: between(X, 3, 1).
% query: between(1, 2.0, X).
% query: succ(3, X).
% query: succ(X, 4).
% query: succ(X, 0).
% query: succ(X, Y).
% query: succ(a, X).
% query: succ(X, -1).
% query: succ(-1, X).
% query: succ(0, 1).
% query: plus(1, 2, X).
% query: plus(1, X, 5).
% query: plus(X, 2, 5).
% query: plus(X, Y, 5).
% query: plus(1.5, 2, X).
% query: char_code(X, 0'a).
% query: char_code(ab, X).
% query: char_code(X, -1).
% query: findall(X-Y, (between(1, 3, X), between(X, 3, Y)), L).
