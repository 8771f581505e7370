/** Okabe–Ito colours: told apart by people with the common colour-vision deficiencies. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C6D1F', '#000000'];

export const seriesColor = (index: number): string => PALETTE[index % PALETTE.length]!;

/** Past the palette's length, lines repeat colours with a dash pattern so they stay distinct. */
export const seriesDash = (index: number): string | undefined => (index < PALETTE.length ? undefined : ['6 3', '2 3', '8 3 2 3'][Math.floor(index / PALETTE.length - 1) % 3]);
