// Messages of the Console, Coins and Address book pages.
export const nodeTools = {} as const;
