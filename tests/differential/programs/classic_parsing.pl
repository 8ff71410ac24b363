% DCG-free parsing of token lists: an arithmetic expression parser with
% explicit difference-list threading, and a tokenizer on character codes.
expr(Ts0, Ts, V) :- term(Ts0, Ts1, V0), expr_rest(Ts1, Ts, V0, V).
expr_rest(['+' | Ts0], Ts, Acc, V) :- !, term(Ts0, Ts1, V1), Acc1 is Acc + V1, expr_rest(Ts1, Ts, Acc1, V).
expr_rest(['-' | Ts0], Ts, Acc, V) :- !, term(Ts0, Ts1, V1), Acc1 is Acc - V1, expr_rest(Ts1, Ts, Acc1, V).
expr_rest(Ts, Ts, V, V).
term(Ts0, Ts, V) :- factor(Ts0, Ts1, V0), term_rest(Ts1, Ts, V0, V).
term_rest(['*' | Ts0], Ts, Acc, V) :- !, factor(Ts0, Ts1, V1), Acc1 is Acc * V1, term_rest(Ts1, Ts, Acc1, V).
term_rest(['/' | Ts0], Ts, Acc, V) :- !, factor(Ts0, Ts1, V1), Acc1 is Acc / V1, term_rest(Ts1, Ts, Acc1, V).
term_rest(Ts, Ts, V, V).
factor(['(' | Ts0], Ts, V) :- !, expr(Ts0, [')' | Ts], V).
factor([N | Ts], Ts, N) :- number(N).

tokens([], []).
tokens([C | Cs], Ts) :- code_type_space(C), !, tokens(Cs, Ts).
tokens([C | Cs], [N | Ts]) :- digit(C), !, digits(Cs, Ds, Rest), number_codes(N, [C | Ds]), tokens(Rest, Ts).
tokens([C | Cs], [A | Ts]) :- char_code(A, C), tokens(Cs, Ts).

digits([C | Cs], [C | Ds], Rest) :- digit(C), !, digits(Cs, Ds, Rest).
digits(Cs, [], Cs).
digit(C) :- C >= 0'0, C =< 0'9.
code_type_space(0' ).

calc(Text, V) :- atom_codes(Text, Cs), tokens(Cs, Ts), expr(Ts, [], V).

% A tiny grammar over words.
sentence(S0, S) :- noun_phrase(S0, S1), verb_phrase(S1, S).
noun_phrase(S0, S) :- det(S0, S1), noun(S1, S).
verb_phrase(S0, S) :- verb(S0, S1), noun_phrase(S1, S).
verb_phrase(S0, S) :- verb(S0, S).
det([the | S], S). det([a | S], S).
noun([cat | S], S). noun([dog | S], S).
verb([sees | S], S). verb([sleeps | S], S).

% query: atom_codes('12 + 3*(4-1)', Cs), tokens(Cs, Ts).
% query: calc('12 + 3*(4-1)', V).
% query: calc('2*3+4*5', V).
% query: calc('100/8', V).
% query: calc('(1+2', V).
% query: expr([1, '+', 2, '*', 3], Rest, V).
% query: sentence([the, cat, sees, a, dog], []).
% query: sentence([the, cat, sleeps], []).
% query: sentence([cat, the], []).
% query: findall(S, (length(S, 5), sentence(S, [])), L), length(L, N).
% query: sentence(S, []).
