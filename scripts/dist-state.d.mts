export declare function distState(root: string): { fresh: true } | { fresh: false; why: string };
