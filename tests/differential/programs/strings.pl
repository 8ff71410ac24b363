% SWI-Prolog strings.

% query: atom_string(A, "abc").
% query: atom_string(abc, S).
% query: atom_string(42, S).
% query: string_concat("ab", "cd", S).
% query: string_concat(X, Y, "abc").
% query: string_concat(X, "cd", "abcd").
% query: string_chars(S, [h, i]).
% query: string_chars("hi", L).
% query: string_codes("hi", L).
% query: string_to_atom(S, abc).
% query: string_to_atom("xyz", A).
% query: string_length("hello", N).
% query: string_length(hello, N).
% query: split_string("a,b,,c", ",", "", L).
% query: split_string("/home//jan///nice/path", "/", "", L).
% query: split_string("  a word ", "", " ", L).
% query: split_string("a b  c", " ", " ", L).
% query: split_string("SWI-Prolog, 7.0", ",", " ", L).
% query: split_string("", "", "", L).
% query: sub_string("hello world", 6, 5, A, S).
% query: sub_string("abc", B, 1, A, S).
% query: number_string(N, "4.5").
% query: string_lower("HeLLo", S).
% query: string_upper("HeLLo", S).
% query: string(S), S = "x".
% query: S = "x", string(S).
% query: string_code(1, "abc", C).
% query: term_to_atom(T, 'foo(bar, [1,2])').
% query: string_concat(abc, 1, S).
% query: atom_string(A, S).
% query: "abc" == "abc".
% query: "abc" \== abc.
