//! [`Random`], a small deterministic generator of chapters as the series runner sees them.

/// A small deterministic generator (xorshift), so failures reproduce.
pub(super) struct Random(pub(super) u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn digits(&mut self, len: u64) -> String {
        (0..len)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    /// A chapter as the series runner sees one: a number (often with decimals, sometimes
    /// huge), a name, or none; now and then a second version.
    pub(super) fn chapter(&mut self) -> (Option<String>, Option<usize>) {
        let chapter = match self.below(12) {
            0 => None,
            1 => {
                Some(["Extra", "Side story", "Omake", "extra 2"][self.below(4) as usize].to_owned())
            }
            _ => {
                let int_len = [1, 1, 2, 3, 4, 5, 7][self.below(7) as usize];
                let mut number = self.digits(int_len);
                if self.below(3) == 0 {
                    let dec_len = 1 + self.below(3);
                    number = format!("{number}.{}", self.digits(dec_len));
                }
                Some(number)
            }
        };
        let rank = match self.below(8) {
            0 => Some(2 + self.below(9) as usize),
            1 => Some(2 + self.below(200) as usize),
            _ => None,
        };
        (chapter, rank)
    }
}
