% library(dcg/basics): its nonterminals on code lists, as SWI-Prolog's.
:- use_module(library(dcg/basics)).

kv(K-V) --> whites, string_without(`=`, KC), "=", whites, integer(V), blanks,
    { atom_codes(K, KC) }.
kvs([P|Ps]) --> kv(P), !, ( "," -> blanks, kvs(Ps) ; { Ps = [] } ).

% query: phrase(digits(D), `123abc`, R), atom_codes(A, D), atom_codes(B, R).
% query: phrase(integer(I), `-42 rest`, R).
% query: phrase(integer(I), `+7`).
% query: phrase(integer(I), `x`).
% query: phrase(number(N), `12.5e3`).
% query: phrase(number(N), `3.`, R).
% query: phrase(number(N), `-0.25`).
% query: phrase(float(F), `2.0`).
% query: phrase(float(F), `2`).
% query: phrase(xinteger(X), `ff`).
% query: phrase(xinteger(X), `-1A`, R).
% query: phrase((blanks, nonblanks(W), blanks, remainder(Rest)), `  hello  world`), atom_codes(A, W), atom_codes(B, Rest).
% query: phrase((whites, eol), `   \n`).
% query: phrase(blanks_to_nl, ` \t \nx`, R).
% query: phrase(string(S), `abc`, R).
% query: phrase((string(S), ":", remainder(R)), `key:value`), atom_codes(A, S), atom_codes(B, R).
% query: phrase(string_without(`,;`, S), `ab;cd`, R).
% query: phrase(string_without(",", S), `ab,cd`, R).
% query: phrase(alpha_to_lower(C), `Q`).
% query: phrase(prolog_var_name(V), `Foo_1 bar`, R).
% query: phrase(prolog_var_name(V), `foo`, R).
% query: phrase(eos, []).
% query: phrase(eos, `a`).
% query: phrase(integer(42), L), atom_codes(A, L).
% query: phrase(number(2.5), L), atom_codes(A, L).
% query: phrase(atom(hello), L, `!`), atom_codes(A, L).
% query: phrase(xinteger(255), L), atom_codes(A, L).
% query: phrase(kvs(Ps), `a=1, bb = 22,c=3`).
% query: catch(phrase(number(foo), _), error(E, _), true).
% query: phrase((digit(D), xdigit(X), nonblank(N), white, blank), `7f! \n`).
