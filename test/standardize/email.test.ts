import { standardizeEmail } from '../../src/standardize/index.js';

describe('standardizeEmail', () => {
  it.each<[string, string]>([
    ['john.smith@example.com', 'john.smith@example.com'],
    ['  John.Smith@Example.COM ', 'john.smith@example.com'],
    ['wei+cards@mail.bank.cn', 'wei+cards@mail.bank.cn'],
    ['zhang_wei＠qq.com', 'zhang_wei@qq.com'],
    ['a@b.co', 'a@b.co'],
    ['x@my-host.example.org', 'x@my-host.example.org'],
  ])('%j -> %s', (text, email) => {
    expect(standardizeEmail(text)).toEqual({ value: email });
  });

  it.each<[string]>([
    [''],
    ['john.smith'],
    ['john@localhost'],
    ['john@@example.com'],
    ['john@doe@example.com'],
    ['@example.com'],
    ['john smith@example.com'],
    ['john@exa mple.com'],
    ['john@example..com'],
    ['john@.example.com'],
    ['john@example.com.'],
    ['john@-example.com'],
    ['.john@example.com'],
  ])('%j: INVALID', (text) => {
    expect(standardizeEmail(text)).toEqual({ flag: 'INVALID' });
  });
});
