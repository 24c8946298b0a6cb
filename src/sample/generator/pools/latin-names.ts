/**
 * English and European name pools, weighted so that the common names (John Smith, David Brown)
 * repeat the way they do in a real customer base, with some diacritics (Müller, José, Zoë),
 * apostrophes (O'Brien), particles (van der Berg) and hyphens (Jean-Luc) to keep
 * standardization honest. `NICKNAMES` maps a formal given name to what people also go by.
 */

export interface LatinGivenName {
  name: string;
  gender: 'M' | 'F';
  weight: number;
}

const g = (gender: 'M' | 'F', weight: number, names: string): LatinGivenName[] =>
  names.split(' ').map((name) => ({ name: name.replaceAll('_', ' '), gender, weight }));

export const LATIN_GIVEN_NAMES: readonly LatinGivenName[] = [
  ...g('M', 6, 'James John Robert Michael William David'),
  ...g('M', 3, 'Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Andrew Edward Peter'),
  ...g('M', 2, 'Benjamin Samuel Alexander Jonathan Nicholas Patrick Stephen Timothy Henry Frederick George Paul Mark'),
  ...g('M', 1, 'Jürgen José André François Søren Björn Łukasz Stefan Luca Marco Pierre Hans Lars Olivier Mateo Javier Jean-Luc Tomáš Mikołaj'),
  ...g('F', 6, 'Mary Elizabeth Jennifer Sarah Emma'),
  ...g('F', 3, 'Katherine Margaret Patricia Susan Jessica Emily Olivia Sophie'),
  ...g('F', 2, 'Rebecca Victoria Alexandra Christina Jacqueline Deborah Abigail Isabelle Laura Anna'),
  ...g('F', 1, 'Chloé Zoë Hélène Renée Małgorzata Anaïs Inês Ingrid Astrid Giulia Francesca Marie-Claire Lucía Noémie Agnieszka'),
];

export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Will', 'Billy'],
  Robert: ['Bob', 'Rob', 'Bobby'],
  Elizabeth: ['Liz', 'Beth', 'Betty', 'Eliza'],
  Katherine: ['Kate', 'Kathy', 'Katie'],
  James: ['Jim', 'Jimmy', 'Jamie'],
  John: ['Jack', 'Johnny'],
  Michael: ['Mike', 'Mick'],
  Richard: ['Rick', 'Dick', 'Rich'],
  Joseph: ['Joe', 'Joey'],
  Thomas: ['Tom', 'Tommy'],
  Charles: ['Charlie', 'Chuck'],
  Christopher: ['Chris', 'Kit'],
  Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'],
  Anthony: ['Tony'],
  Andrew: ['Andy', 'Drew'],
  Edward: ['Ed', 'Eddie', 'Ted'],
  Peter: ['Pete'],
  Benjamin: ['Ben'],
  Samuel: ['Sam'],
  Alexander: ['Alex', 'Sasha'],
  Jonathan: ['Jon'],
  Nicholas: ['Nick'],
  Patrick: ['Pat'],
  Stephen: ['Steve'],
  Timothy: ['Tim'],
  Henry: ['Harry', 'Hank'],
  Frederick: ['Fred', 'Freddie'],
  Margaret: ['Maggie', 'Peggy', 'Meg'],
  Jennifer: ['Jen', 'Jenny'],
  Patricia: ['Pat', 'Trish'],
  Susan: ['Sue', 'Susie'],
  Jessica: ['Jess'],
  Rebecca: ['Becky'],
  Victoria: ['Vicky'],
  Alexandra: ['Alex', 'Sandra'],
  Christina: ['Chris', 'Tina'],
  Jacqueline: ['Jackie'],
  Deborah: ['Debbie'],
  Abigail: ['Abby'],
  Mary: ['Molly'],
  Sarah: ['Sally'],
  Emily: ['Em'],
  Isabelle: ['Izzy'],
};

export interface LatinSurname {
  name: string;
  weight: number;
}

const s = (weight: number, names: string): LatinSurname[] => names.split(' ').map((name) => ({ name: name.replaceAll('_', ' '), weight }));

export const LATIN_SURNAMES: readonly LatinSurname[] = [
  ...s(10, 'Smith'),
  ...s(6, 'Johnson Williams Brown Jones'),
  ...s(4, 'Miller Davis Wilson Taylor Anderson Thomas Moore Martin'),
  ...s(2, 'Thompson White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Nelson Hill'),
  ...s(2, 'Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Murphy'),
  ...s(1, "O'Brien O'Connor MacDonald García Martínez Rodríguez López González Fernández"),
  ...s(1, 'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schäfer Koch'),
  ...s(1, 'Dubois Lefèvre Moreau Laurent Girard Rossi Russo Ferrari Esposito Bianchi Romano'),
  ...s(1, 'Kowalski Nowak Wiśniewski Novák Dvořák Jensen Nielsen Hansen Andersson Johansson Larsson'),
  ...s(1, 'van_der_Berg de_Vries Janssen Peeters Silva Santos Ferreira Costa Østergaard Åberg'),
];
