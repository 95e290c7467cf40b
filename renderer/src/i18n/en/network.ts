// Messages of the network pages.
export const network = {} as const;
