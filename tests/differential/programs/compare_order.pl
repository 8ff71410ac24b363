% Structural comparison and the standard order of terms.

% query: a == a.
% query: X == Y.
% query: X == X.
% query: X \== Y.
% query: f(a, X) == f(a, X).
% query: 1 == 1.0.
% query: 1 \== 1.0.
% query: a @< b.
% query: b @< a.
% query: 1 @< a.
% query: a @< "a".
% query: "a" @< f(a).
% query: X @< 1.
% query: 1.0 @< 1.
% query: 1 @< 1.0.
% query: 2 @< 1.5.
% query: f(b) @< g(a).
% query: f(a, b) @< g(a).
% query: f(z) @< f(a, a).
% query: f(a, b) @< f(a, c).
% query: abc @=< abd.
% query: abc @>= abc.
% query: zebra @> apple.
% query: compare(O, 1, 2).
% query: compare(O, b, a).
% query: compare(O, f(x), f(x)).
% query: compare(O, 1, 1.0).
% query: compare(<, a, b).
% query: compare(=, a, b).
% query: compare(O, [1,2], [1,3]).
% query: compare(O, "abc", abc).
% query: msort([c, 1, "s", f(x), 2.0, b, Z, g(a,b), 1.0, [], foo(a), -3], L).
% query: msort([f(b), f(a), g(a), f(a, b), h], L).
% query: sort([b, a, c, a, b], L).
% query: compare(O, a, X).
