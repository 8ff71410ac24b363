% print/1 and ~p use the user's portray/1 hook; write/1 and writeq/1 do not.
:- multifile portray/1.
portray(secret(_)) :- write('***').
portray(point(X, Y)) :- format("<~w,~w>", [X, Y]).

% query: print(f(secret(1), point(1, 2))), nl.
% query: print([secret(x), plain]), nl.
% query: writeq(f(secret(1))), nl.
% query: write(point(1, 2)), nl.
% query: format("~p and ~w~n", [point(3, 4), point(3, 4)]).
% query: print(point(a, secret(b))), nl.
