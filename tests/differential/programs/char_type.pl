% char_type/2 and code_type/2: checking a character, reading its
% attributes (digit weight, case mapping), and enumerating small classes.

% query: char_type(a, alpha).
% query: char_type('_', alpha).
% query: char_type('1', alpha).
% query: char_type(a, alnum).
% query: char_type('1', alnum).
% query: char_type('-', alnum).
% query: char_type('7', digit(W)).
% query: char_type(a, digit(W)).
% query: char_type(' ', space).
% query: char_type('\t', white).
% query: char_type('\n', white).
% query: char_type('\n', space).
% query: char_type('\n', end_of_line).
% query: char_type('\r', end_of_line).
% query: char_type(a, end_of_line).
% query: char_type('A', upper(L)).
% query: char_type(a, upper(L)).
% query: char_type(a, lower(U)).
% query: char_type('A', lower(U)).
% query: char_type(X, upper(a)).
% query: char_type(X, lower('A')).
% query: char_type(a, to_lower(X)).
% query: char_type('A', to_lower(X)).
% query: char_type(a, to_upper(X)).
% query: char_type(X, to_lower(a)).
% query: char_type('.', punct).
% query: char_type('_', punct).
% query: char_type(a, punct).
% query: char_type('$', punct).
% query: char_type('_', csym).
% query: char_type('1', csym).
% query: char_type('1', csymf).
% query: char_type(a, csymf).
% query: char_type(a, graph).
% query: char_type(' ', graph).
% query: char_type('f', xdigit(W)).
% query: char_type('F', xdigit(W)).
% query: char_type(g, xdigit(W)).
% query: char_type('.', period).
% query: char_type('"', quote).
% query: char_type(a, ascii).
% query: char_type('\x7f\', cntrl).
% query: char_type(a, decimal).
% query: char_type('5', decimal).
% query: char_type(X, digit(5)).
% query: findall(C, char_type(C, digit(_)), L).
% query: findall(C, (member(C, [a, 'B', '1', ' ', '.', '_']), char_type(C, alpha)), L).
% query: findall(T, (member(T, [alnum, alpha, csym, csymf, ascii, graph, punct, space, white, upper, lower, digit(_), end_of_line]), char_type(a, T)), L).
% query: findall(T, (member(T, [alnum, alpha, csym, csymf, ascii, graph, punct, space, white, upper, lower, digit(_), end_of_line]), char_type(' ', T)), L).
% query: code_type(0'a, alpha).
% query: code_type(0'7, digit(W)).
% query: code_type(0'A, to_lower(X)).
% query: code_type(0'a, to_lower(X)).
% query: code_type(0'a, upper(X)).
% query: code_type(0'A, upper(X)).
% query: code_type(X, digit(3)).
% query: code_type(0' , space).
% query: code_type(-1, end_of_file).
% query: code_type(a, alpha).
% query: char_type(ab, alpha).
% query: char_type(1, alpha).
% query: char_type(a, foo).
% query: code_type(f(x), alpha).
% query: char_type(X, to_lower('A')).
% query: char_type(X, to_upper(a)).
% query: char_type(X, to_upper('A')).
% query: char_type(X, upper(a)).
% query: char_type(X, lower(a)).
% query: code_type(X, to_lower(0'a)).
% query: char_type(97, alpha).
% query: char_type('é', alpha).
% query: char_type('é', upper(X)).
% query: char_type('É', upper(X)).
% query: char_type('(', paren(X)).
% query: char_type(a, paren(X)).
% query: char_type(X, paren).
% query: char_type(a, code(X)).
% query: char_type(X, Y).
% query: code_type(-1, X).
% query: char_type('$', punct).
% query: code_type(0'a, csym).
% query: findall(T, char_type(a, T), L).
% query: findall(T, char_type('A', T), L).
% query: findall(T, char_type('1', T), L).
% query: findall(T, char_type('_', T), L).
% query: findall(T, char_type(' ', T), L).
% query: findall(T, char_type('(', T), L).
% query: findall(T, char_type('.', T), L).
% query: findall(T, char_type('\n', T), L).
% query: findall(T, char_type('"', T), L).
% query: findall(T, char_type('é', T), L).
% query: findall(T, code_type(0'\t, T), L).
% query: findall(C, (between(0, 255, C), code_type(C, space)), L).
% query: findall(C, (between(0, 255, C), code_type(C, white)), L).
% query: findall(C, (between(0, 255, C), code_type(C, end_of_line)), L).
% query: findall(C, (between(0, 255, C), code_type(C, cntrl)), L).
% query: findall(C, (between(0, 255, C), code_type(C, punct)), L).
% query: findall(C, (between(0, 255, C), code_type(C, alpha)), L).
% query: findall(C, (between(0, 255, C), code_type(C, alnum)), L).
% query: findall(C, (between(0, 255, C), code_type(C, upper)), L).
% query: findall(C, (between(0, 255, C), code_type(C, lower(_))), L).
% query: findall(C, (between(0, 255, C), code_type(C, graph)), L).
% query: findall(C, (between(0, 255, C), code_type(C, csymf)), L).
% query: findall(C-U, (member(C, [0'a, 0'z, 0'A, 0'1, 0'ß, 0'µ]), code_type(C, to_lower(U))), L).
