/** Masked forms of personal values: recognisable to their owner, useless to anyone else. */
import { maskAddress, maskDate, maskEmail, maskName, maskNationalId, maskPhone } from '../../src/policy/masking';

describe('maskNationalId', () => {
  it('keeps only the two order digits of a resident id: no region, birth date, gender digit or check character', () => {
    expect(maskNationalId('110105199001011234')).toBe('**************12**');
    expect(maskNationalId('11010519900101002X')).toBe('**************00**');
  });

  it('masks the same for a man and a woman born the same day in the same place (the gender digit and check character are hidden)', () => {
    // 17th digit odd: male, even: female (GB 11643); the two differ only there and in the check character
    expect(maskNationalId('110105199001011234')).toBe(maskNationalId('11010519900101124X'));
  });

  it('hides region, birth date and gender digit of a 15-digit resident id', () => {
    const masked = maskNationalId('110105900101123');
    expect(masked).toBe('************12*');
    expect(masked).not.toContain('900101');
    expect(masked).not.toContain('110105');
  });

  it('keeps only the last three of other documents', () => {
    expect(maskNationalId('E12345678')).toBe('******678');
  });
});

describe('maskPhone', () => {
  it('prints a Chinese mobile as its local form with the middle four hidden', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
  });

  it('keeps only the first and last digits of other numbers', () => {
    const masked = maskPhone('+442079460958');
    expect(masked).toBe('+4420*****958');
    expect(masked.replace(/\D/g, '')).not.toContain('7946');
  });

  it('hides a very short number entirely', () => {
    expect(maskPhone('+12345')).toBe('*****');
  });
});

describe('maskEmail', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmail('wei.zhang@example.com')).toBe('w***@example.com');
  });

  it('hides an address without a local part', () => {
    expect(maskEmail('@example.com')).toBe('***');
  });
});

describe('maskName', () => {
  it('keeps the family name of a Han name and hides the given name', () => {
    const masked = maskName({ given: '伟', family: '张', full: '张伟', script: 'CJK' });
    expect(masked).toEqual({ given: null, family: '张', full: '张*', script: 'CJK' });
    const long = maskName({ given: '小明', family: '欧阳', full: '欧阳小明', script: 'CJK' });
    expect(long.full).toBe('欧***');
    expect(JSON.stringify(long)).not.toContain('小明');
  });

  it('reduces a Latin given name to its initial', () => {
    const masked = maskName({ given: 'wei', family: 'zhang', full: 'Wei Zhang', script: 'LATIN' });
    expect(masked).toEqual({ given: null, family: 'zhang', full: 'W. Zhang', script: 'LATIN' });
    expect(JSON.stringify(masked)).not.toContain('Wei');
  });
});

describe('maskDate', () => {
  it('keeps the year only', () => {
    expect(maskDate('1990-01-01')).toBe('1990-**-**');
  });
});

describe('maskAddress', () => {
  it('keeps the city only', () => {
    expect(maskAddress({ tokens: ['chaoyang', 'road', '12'], postcode: '100020', city: 'beijing' })).toEqual({ tokens: [], postcode: null, city: 'beijing' });
  });
});
