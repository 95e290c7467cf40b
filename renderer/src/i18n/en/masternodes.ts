// Messages of the masternodes pages.
export const masternodes = {} as const;
