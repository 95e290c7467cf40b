// Messages of the wallet pages.
export const wallet = {} as const;
