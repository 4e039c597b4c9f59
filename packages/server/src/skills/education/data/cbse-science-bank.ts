// A CBSE (NCERT) science question bank for classes 9 and 10: multiple-choice questions by chapter and
// difficulty, each with one correct answer, three distractors and an explanation. Numerical answers
// are re-computed in the bank's tests.

export type Difficulty = 'easy' | 'medium' | 'hard';
export type ScienceSubject = 'physics' | 'chemistry' | 'biology';

export interface BankQuestion {
  id: string;
  classLevel: 9 | 10;
  subject: ScienceSubject;
  /** Chapter slug, e.g. `motion`; see `CBSE_CHAPTERS` for titles. */
  chapter: string;
  difficulty: Difficulty;
  question: string;
  correct: string;
  distractors: readonly [string, string, string];
  explanation: string;
}

/** Chapters covered, with their NCERT titles. */
export const CBSE_CHAPTERS: Record<string, { classLevel: 9 | 10; subject: ScienceSubject; title: string }> = {
  'matter-in-our-surroundings': { classLevel: 9, subject: 'chemistry', title: 'Matter in Our Surroundings' },
  'atoms-and-molecules': { classLevel: 9, subject: 'chemistry', title: 'Atoms and Molecules' },
  'structure-of-the-atom': { classLevel: 9, subject: 'chemistry', title: 'Structure of the Atom' },
  'fundamental-unit-of-life': { classLevel: 9, subject: 'biology', title: 'The Fundamental Unit of Life' },
  motion: { classLevel: 9, subject: 'physics', title: 'Motion' },
  gravitation: { classLevel: 9, subject: 'physics', title: 'Gravitation' },
  'work-and-energy': { classLevel: 9, subject: 'physics', title: 'Work and Energy' },
  'chemical-reactions-and-equations': { classLevel: 10, subject: 'chemistry', title: 'Chemical Reactions and Equations' },
  'acids-bases-and-salts': { classLevel: 10, subject: 'chemistry', title: 'Acids, Bases and Salts' },
  'carbon-and-its-compounds': { classLevel: 10, subject: 'chemistry', title: 'Carbon and its Compounds' },
  'life-processes': { classLevel: 10, subject: 'biology', title: 'Life Processes' },
  'light-reflection-and-refraction': { classLevel: 10, subject: 'physics', title: 'Light – Reflection and Refraction' },
  electricity: { classLevel: 10, subject: 'physics', title: 'Electricity' },
};

type Row = [chapter: string, difficulty: Difficulty, question: string, correct: string, distractors: [string, string, string], explanation: string];

const ROWS: Row[] = [
  // Class 9 — Matter in Our Surroundings
  ['matter-in-our-surroundings', 'easy', 'The SI unit of temperature is', 'kelvin', ['degree Celsius', 'degree Fahrenheit', 'joule'], 'The SI base unit of temperature is the kelvin (K).'],
  ['matter-in-our-surroundings', 'easy', 'A solid changing directly into vapour without becoming a liquid is called', 'sublimation', ['evaporation', 'condensation', 'fusion'], 'Camphor and naphthalene sublime: solid → gas directly.'],
  ['matter-in-our-surroundings', 'easy', 'What is 300 K on the Celsius scale?', '27 °C', ['573 °C', '−27 °C', '30 °C'], 't(°C) = T(K) − 273 = 300 − 273 = 27 °C.'],
  ['matter-in-our-surroundings', 'medium', 'Evaporation causes cooling because', 'the particles with the most kinetic energy escape, lowering the average energy of those left', ['air always flows over the liquid', 'the liquid gains heat only at its boiling point', 'the density of the liquid increases'], 'The escaping particles take energy with them; the remaining liquid absorbs heat from its surroundings.'],
  ['matter-in-our-surroundings', 'medium', 'Which change increases the rate of evaporation?', 'an increase in wind speed', ['an increase in humidity', 'a decrease in surface area', 'a decrease in temperature'], 'Wind carries vapour away, so more particles can leave the surface.'],
  ['matter-in-our-surroundings', 'hard', 'The latent heat of fusion of ice is 3.34 × 10⁵ J/kg. How much heat melts 2 kg of ice at 0 °C?', '6.68 × 10⁵ J', ['1.67 × 10⁵ J', '3.34 × 10⁵ J', '6.68 × 10⁴ J'], 'Q = mL = 2 × 3.34 × 10⁵ = 6.68 × 10⁵ J.'],
  ['matter-in-our-surroundings', 'hard', 'Why does the temperature stay at 0 °C while ice melts, although heat is supplied?', 'the heat is used to overcome the attraction between particles (latent heat)', ['the thermometer stops responding', 'the heat escapes to the air as fast as it is supplied', 'ice cannot absorb heat at 0 °C'], 'Latent heat changes the state, not the temperature.'],
  // Class 9 — Atoms and Molecules
  ['atoms-and-molecules', 'easy', 'The atomicity of ozone (O₃) is', '3', ['1', '2', '4'], 'One ozone molecule has three oxygen atoms.'],
  ['atoms-and-molecules', 'easy', 'Which law says a compound always contains the same elements in the same proportion by mass?', 'the law of constant proportions', ['the law of conservation of mass', "Avogadro's law", "Boyle's law"], 'Proust’s law of definite (constant) proportions.'],
  ['atoms-and-molecules', 'medium', 'The molecular mass of H₂SO₄ (H = 1 u, S = 32 u, O = 16 u) is', '98 u', ['96 u', '100 u', '49 u'], '2 × 1 + 32 + 4 × 16 = 98 u.'],
  ['atoms-and-molecules', 'medium', 'The chemical formula of aluminium sulphate is', 'Al₂(SO₄)₃', ['AlSO₄', 'Al₃(SO₄)₂', 'Al(SO₄)₃'], 'Al³⁺ and SO₄²⁻ combine 2 : 3 to balance charge.'],
  ['atoms-and-molecules', 'hard', 'How many moles are there in 36 g of water (H = 1 u, O = 16 u)?', '2', ['1', '3', '0.5'], 'Molar mass 18 g/mol; 36 ÷ 18 = 2 mol.'],
  ['atoms-and-molecules', 'hard', 'How many atoms are in 0.5 mol of nitrogen atoms (Nₐ = 6.022 × 10²³)?', '3.011 × 10²³', ['6.022 × 10²³', '1.204 × 10²⁴', '6.022 × 10²²'], 'N = n × Nₐ = 0.5 × 6.022 × 10²³.'],
  // Class 9 — Structure of the Atom
  ['structure-of-the-atom', 'easy', 'Who discovered the electron?', 'J. J. Thomson', ['Ernest Rutherford', 'James Chadwick', 'Niels Bohr'], 'Thomson identified the electron in cathode-ray experiments (1897).'],
  ['structure-of-the-atom', 'easy', 'The neutron was discovered by', 'James Chadwick', ['E. Goldstein', 'J. J. Thomson', 'Niels Bohr'], 'Chadwick discovered the neutron in 1932.'],
  ['structure-of-the-atom', 'medium', 'The electronic configuration of sodium (atomic number 11) is', '2, 8, 1', ['2, 9', '2, 8, 2', '2, 7, 2'], 'K holds 2, L holds 8, the remaining 1 goes to M.'],
  ['structure-of-the-atom', 'medium', "Rutherford's alpha-particle scattering experiment showed that", 'most of the atom is empty space with a small, dense, positive nucleus', ['electrons move in fixed orbits', 'the atom is a uniform sphere of positive charge', 'neutrons are present in the nucleus'], 'Most alpha particles passed straight through; a few bounced back from the nucleus.'],
  ['structure-of-the-atom', 'medium', 'Isotopes of an element have', 'the same atomic number but different mass numbers', ['the same mass number but different atomic numbers', 'different numbers of protons', 'different chemical properties'], 'Isotopes differ only in the number of neutrons.'],
  ['structure-of-the-atom', 'hard', 'An atom has mass number 23 and atomic number 11. How many neutrons does it have?', '12', ['11', '23', '34'], 'Neutrons = mass number − atomic number = 23 − 11 = 12.'],
  ['structure-of-the-atom', 'hard', 'The valency of sulphur (atomic number 16) is', '2', ['6', '4', '8'], 'Configuration 2, 8, 6: it gains 2 electrons to complete its octet.'],
  // Class 9 — The Fundamental Unit of Life
  ['fundamental-unit-of-life', 'easy', 'Who first observed cells, in a thin slice of cork, in 1665?', 'Robert Hooke', ['Robert Brown', 'Antonie van Leeuwenhoek', 'J. E. Purkinje'], 'Hooke named the compartments “cells”.'],
  ['fundamental-unit-of-life', 'easy', 'Which organelle is called the powerhouse of the cell?', 'mitochondrion', ['ribosome', 'Golgi apparatus', 'lysosome'], 'Mitochondria release energy as ATP.'],
  ['fundamental-unit-of-life', 'medium', "Which organelle is known as the 'suicide bag' of the cell?", 'lysosome', ['vacuole', 'plastid', 'nucleus'], 'Lysosomal enzymes can digest the cell itself when it is damaged.'],
  ['fundamental-unit-of-life', 'medium', 'Which structure is found in plant cells but not in animal cells?', 'cell wall', ['cell membrane', 'mitochondria', 'ribosomes'], 'Plant cells have a cellulose cell wall outside the membrane.'],
  ['fundamental-unit-of-life', 'hard', 'Osmosis is the movement of', 'water through a selectively permeable membrane from higher to lower water concentration', ['solute particles from higher to lower concentration', 'any molecule against its concentration gradient', 'gases only, across the cell wall'], 'Osmosis is diffusion of water across a selectively permeable membrane.'],
  ['fundamental-unit-of-life', 'hard', 'A plant cell placed in a hypertonic solution will', 'lose water and shrink away from the cell wall (plasmolysis)', ['gain water and swell', 'stay the same', 'burst at once'], 'Water moves out towards the more concentrated solution.'],
  // Class 9 — Motion
  ['motion', 'easy', 'The SI unit of acceleration is', 'm/s²', ['m/s', 'm', 'N'], 'Acceleration is change in velocity (m/s) per second.'],
  ['motion', 'easy', 'The slope of a distance–time graph gives', 'speed', ['acceleration', 'displacement', 'force'], 'Slope = distance ÷ time = speed.'],
  ['motion', 'medium', 'A car accelerates uniformly from rest to 20 m/s in 5 s. Its acceleration is', '4 m/s²', ['100 m/s²', '0.25 m/s²', '25 m/s²'], 'a = (v − u)/t = (20 − 0)/5 = 4 m/s².'],
  ['motion', 'medium', 'An athlete runs one full round of a circular track of diameter 200 m. What is the displacement?', '0 m', ['200 m', '628 m', '400 m'], 'After a full round the athlete is back at the start.'],
  ['motion', 'medium', 'The area under a velocity–time graph gives', 'displacement', ['acceleration', 'speed', 'force'], 'Velocity × time = displacement.'],
  ['motion', 'hard', 'A train starts from rest with a uniform acceleration of 0.2 m/s² for 3 minutes. How far does it travel?', '3240 m', ['1800 m', '36 m', '6480 m'], 's = ut + ½at² = 0 + ½ × 0.2 × 180² = 3240 m.'],
  ['motion', 'hard', 'A bus slows from 80 km/h to 60 km/h in 5 s. Its acceleration is about', '−1.11 m/s²', ['−4 m/s²', '1.11 m/s²', '−20 m/s²'], '80 km/h = 22.22 m/s, 60 km/h = 16.67 m/s; a = (16.67 − 22.22)/5 ≈ −1.11 m/s².'],
  // Class 9 — Gravitation
  ['gravitation', 'easy', 'The acceleration due to gravity at the Earth’s surface is about', '9.8 m/s²', ['6.67 × 10⁻¹¹ m/s²', '1.6 m/s²', '98 m/s²'], 'g ≈ 9.8 m/s².'],
  ['gravitation', 'easy', 'The SI unit of the universal gravitational constant G is', 'N m² kg⁻²', ['N kg⁻¹', 'N m kg⁻²', 'kg m s⁻²'], 'From F = G m₁m₂/r², G = F r²/(m₁m₂).'],
  ['gravitation', 'medium', 'A body weighs 60 N on Earth. What is its weight on the Moon, where g is one-sixth of Earth’s?', '10 N', ['60 N', '360 N', '6 N'], 'W = mg, so it scales with g: 60 ÷ 6 = 10 N.'],
  ['gravitation', 'medium', 'If the distance between two masses is doubled, the gravitational force between them becomes', 'one-fourth', ['half', 'double', 'four times'], 'F ∝ 1/r²; doubling r divides F by 4.'],
  ['gravitation', 'hard', 'A ball thrown straight up rises 10 m. Its initial speed was (g = 9.8 m/s²)', '14 m/s', ['9.8 m/s', '196 m/s', '7 m/s'], 'v² = u² − 2gh with v = 0: u = √(2 × 9.8 × 10) = √196 = 14 m/s.'],
  ['gravitation', 'hard', 'A stone is dropped from a tower 19.6 m high. How long does it take to reach the ground (g = 9.8 m/s²)?', '2 s', ['4 s', '1 s', '19.6 s'], 'h = ½gt² → t = √(2h/g) = √(39.2/9.8) = √4 = 2 s.'],
  // Class 9 — Work and Energy
  ['work-and-energy', 'easy', 'The SI unit of power is the', 'watt', ['joule', 'newton', 'pascal'], 'Power = work ÷ time; 1 W = 1 J/s.'],
  ['work-and-energy', 'easy', 'A force of 10 N moves a body 5 m in its own direction. The work done is', '50 J', ['2 J', '15 J', '0.5 J'], 'W = F × s = 10 × 5 = 50 J.'],
  ['work-and-energy', 'medium', '1 kWh is equal to', '3.6 × 10⁶ J', ['3.6 × 10³ J', '1000 J', '3600 J'], '1 kWh = 1000 W × 3600 s = 3.6 × 10⁶ J.'],
  ['work-and-energy', 'medium', 'The kinetic energy of a 2 kg object moving at 3 m/s is', '9 J', ['6 J', '18 J', '3 J'], 'KE = ½mv² = ½ × 2 × 9 = 9 J.'],
  ['work-and-energy', 'medium', 'If the speed of a body doubles, its kinetic energy becomes', 'four times as large', ['twice as large', 'half as large', 'unchanged'], 'KE ∝ v²; (2v)² = 4v².'],
  ['work-and-energy', 'hard', 'A 10 kg object is raised 5 m (g = 9.8 m/s²). Its gain in potential energy is', '490 J', ['50 J', '98 J', '4900 J'], 'PE = mgh = 10 × 9.8 × 5 = 490 J.'],
  ['work-and-energy', 'hard', 'A 50 kg person climbs 45 steps, each 0.2 m high, in 9 s (g = 10 m/s²). Their power is', '500 W', ['4500 W', '50 W', '250 W'], 'h = 9 m; W = mgh = 4500 J; P = 4500 ÷ 9 = 500 W.'],
  // Class 10 — Chemical Reactions and Equations
  ['chemical-reactions-and-equations', 'easy', 'CaO + H₂O → Ca(OH)₂ is an example of a', 'combination reaction', ['decomposition reaction', 'displacement reaction', 'double displacement reaction'], 'Two reactants combine into one product.'],
  ['chemical-reactions-and-equations', 'easy', 'Rusting of iron is an example of', 'oxidation (corrosion)', ['reduction', 'neutralisation', 'sublimation'], 'Iron combines with oxygen (and water) to form hydrated iron oxide.'],
  ['chemical-reactions-and-equations', 'medium', 'Fe + CuSO₄ → FeSO₄ + Cu is a', 'displacement reaction', ['combination reaction', 'decomposition reaction', 'double displacement reaction'], 'The more reactive iron displaces copper from its salt solution.'],
  ['chemical-reactions-and-equations', 'medium', 'Which gas is given off when zinc reacts with dilute sulphuric acid?', 'hydrogen', ['oxygen', 'sulphur dioxide', 'carbon dioxide'], 'Zn + H₂SO₄ → ZnSO₄ + H₂.'],
  ['chemical-reactions-and-equations', 'medium', 'The decomposition of silver chloride in sunlight (2AgCl → 2Ag + Cl₂) is a', 'photolytic decomposition', ['thermal decomposition', 'electrolytic decomposition', 'combination reaction'], 'Light supplies the energy, so it is photolytic.'],
  ['chemical-reactions-and-equations', 'hard', 'In 2Mg + O₂ → 2MgO, which substance is oxidised?', 'Mg', ['O₂', 'MgO', 'neither'], 'Magnesium gains oxygen (loses electrons): it is oxidised.'],
  ['chemical-reactions-and-equations', 'hard', 'Balance Fe + H₂O → Fe₃O₄ + H₂. The coefficients, in order, are', '3, 4, 1, 4', ['3, 4, 1, 3', '1, 4, 1, 4', '3, 2, 1, 2'], '3Fe + 4H₂O → Fe₃O₄ + 4H₂: Fe 3 = 3, H 8 = 8, O 4 = 4.'],
  // Class 10 — Acids, Bases and Salts
  ['acids-bases-and-salts', 'easy', 'A solution turns blue litmus red. Its pH is most likely', 'less than 7', ['exactly 7', 'more than 7', '14'], 'Acids turn blue litmus red and have pH below 7.'],
  ['acids-bases-and-salts', 'easy', 'The chemical formula of baking soda is', 'NaHCO₃', ['Na₂CO₃', 'NaCl', 'NaOH'], 'Baking soda is sodium hydrogencarbonate.'],
  ['acids-bases-and-salts', 'medium', 'Plaster of Paris is', 'CaSO₄·½H₂O', ['CaSO₄·2H₂O', 'CaCO₃', 'Ca(OH)₂'], 'Calcium sulphate hemihydrate; gypsum is the dihydrate.'],
  ['acids-bases-and-salts', 'medium', 'Which gas forms when an acid reacts with a metal carbonate?', 'carbon dioxide', ['hydrogen', 'oxygen', 'chlorine'], 'Acid + carbonate → salt + water + CO₂.'],
  ['acids-bases-and-salts', 'medium', 'The chemical formula of washing soda is', 'Na₂CO₃·10H₂O', ['NaHCO₃', 'Na₂CO₃', 'CaOCl₂'], 'Sodium carbonate decahydrate.'],
  ['acids-bases-and-salts', 'hard', 'Solution A has pH 2 and solution B has pH 5. How many times greater is the hydrogen-ion concentration of A?', '1000 times', ['3 times', '100 times', 'one-thousandth'], 'Each pH unit is a factor of 10: 10⁵⁻² = 10³.'],
  ['acids-bases-and-salts', 'hard', 'Bleaching powder is made by passing chlorine over', 'dry slaked lime', ['quicklime', 'limestone', 'gypsum'], 'Ca(OH)₂ + Cl₂ → CaOCl₂ + H₂O.'],
  // Class 10 — Carbon and its Compounds
  ['carbon-and-its-compounds', 'easy', 'How many covalent bonds are there in a methane (CH₄) molecule?', '4', ['1', '2', '5'], 'Carbon shares one electron pair with each of four hydrogens.'],
  ['carbon-and-its-compounds', 'easy', 'The functional group in ethanol is', '–OH (alcohol)', ['–COOH (carboxylic acid)', '–CHO (aldehyde)', '>C=O (ketone)'], 'Ethanol is CH₃CH₂OH.'],
  ['carbon-and-its-compounds', 'medium', 'The general formula of the alkanes is', 'CₙH₂ₙ₊₂', ['CₙH₂ₙ', 'CₙH₂ₙ₋₂', 'CₙHₙ'], 'Alkanes are saturated: e.g. CH₄, C₂H₆, C₃H₈.'],
  ['carbon-and-its-compounds', 'medium', 'The IUPAC name of CH₃COOH is', 'ethanoic acid', ['methanoic acid', 'ethanol', 'ethanal'], 'Two carbons (eth-) with a carboxylic acid group (-oic acid).'],
  ['carbon-and-its-compounds', 'medium', 'Which of these is an unsaturated hydrocarbon?', 'C₂H₄', ['C₂H₆', 'CH₄', 'C₃H₈'], 'Ethene has a carbon–carbon double bond.'],
  ['carbon-and-its-compounds', 'hard', 'Ethanoic acid reacts with ethanol in the presence of an acid catalyst to give', 'an ester (ethyl ethanoate)', ['a soap', 'an alkane', 'an aldehyde'], 'This is esterification.'],
  ['carbon-and-its-compounds', 'hard', 'How many structural isomers does butane (C₄H₁₀) have?', '2', ['1', '3', '4'], 'n-butane and isobutane (2-methylpropane).'],
  // Class 10 — Life Processes
  ['life-processes', 'easy', 'Photosynthesis takes place in the', 'chloroplasts', ['mitochondria', 'nucleus', 'ribosomes'], 'Chloroplasts contain chlorophyll.'],
  ['life-processes', 'easy', 'Which blood vessels carry blood away from the heart?', 'arteries', ['veins', 'capillaries', 'lymph vessels'], 'Arteries carry blood from the heart to the organs.'],
  ['life-processes', 'easy', 'In the lungs, gases are exchanged in the', 'alveoli', ['bronchi', 'trachea', 'larynx'], 'Alveoli are thin-walled sacs surrounded by capillaries.'],
  ['life-processes', 'medium', 'The functional unit of the human kidney is the', 'nephron', ['neuron', 'alveolus', 'villus'], 'Each kidney has about a million nephrons that filter blood.'],
  ['life-processes', 'medium', 'Which enzyme in saliva starts the digestion of starch?', 'salivary amylase', ['pepsin', 'trypsin', 'lipase'], 'Salivary amylase breaks starch into sugar.'],
  ['life-processes', 'hard', 'During vigorous exercise, when oxygen runs short, muscle cells break down glucose into', 'lactic acid', ['ethanol and carbon dioxide', 'carbon dioxide and water', 'pyruvate only, with nothing further'], 'Anaerobic respiration in muscle: pyruvate → lactic acid (cramps).'],
  ['life-processes', 'hard', 'Why do mammals and birds need separate oxygenated and deoxygenated blood?', 'they need much energy to keep a constant body temperature', ['they are cold-blooded', 'it lowers their blood pressure', 'it lets them store more blood'], 'Double circulation gives an efficient oxygen supply for high energy needs.'],
  // Class 10 — Light – Reflection and Refraction
  ['light-reflection-and-refraction', 'easy', 'A spherical mirror has a radius of curvature of 20 cm. Its focal length is', '10 cm', ['20 cm', '40 cm', '5 cm'], 'f = R/2 = 20 ÷ 2 = 10 cm.'],
  ['light-reflection-and-refraction', 'easy', 'Which mirror is used as a rear-view mirror in vehicles?', 'convex mirror', ['concave mirror', 'plane mirror', 'cylindrical mirror'], 'A convex mirror gives an erect, diminished image of a wide field of view.'],
  ['light-reflection-and-refraction', 'easy', 'The SI unit of the power of a lens is the', 'dioptre', ['metre', 'watt', 'candela'], 'P = 1/f (f in metres); 1 D = 1 m⁻¹.'],
  ['light-reflection-and-refraction', 'medium', 'The refractive index of glass is 1.5. The speed of light in glass is (c = 3 × 10⁸ m/s)', '2 × 10⁸ m/s', ['4.5 × 10⁸ m/s', '1.5 × 10⁸ m/s', '3 × 10⁸ m/s'], 'v = c/n = 3 × 10⁸ ÷ 1.5.'],
  ['light-reflection-and-refraction', 'medium', 'A convex lens has a focal length of 0.5 m. Its power is', '+2 D', ['−2 D', '+0.5 D', '+5 D'], 'P = 1/f = 1/0.5 = +2 D.'],
  ['light-reflection-and-refraction', 'hard', 'An object is 30 cm in front of a convex lens of focal length 15 cm. Where is the image?', '30 cm on the other side of the lens', ['15 cm on the other side of the lens', '10 cm on the same side as the object', 'at infinity'], '1/v − 1/u = 1/f with u = −30, f = +15 gives 1/v = 1/30, v = +30 cm (real, inverted, same size).'],
  ['light-reflection-and-refraction', 'hard', 'An object is 10 cm in front of a concave mirror of focal length 15 cm. The image is', 'virtual, erect, magnified, 30 cm behind the mirror', ['real, inverted, 30 cm in front of the mirror', 'virtual, erect and diminished', 'real, inverted and the same size'], '1/v + 1/u = 1/f with u = −10, f = −15 gives v = +30 cm; m = −v/u = 3.'],
  // Class 10 — Electricity
  ['electricity', 'easy', 'The SI unit of electric current is the', 'ampere', ['volt', 'ohm', 'coulomb'], 'Current is charge per second; 1 A = 1 C/s.'],
  ['electricity', 'easy', "Ohm's law says that, at constant temperature, the current through a conductor is", 'directly proportional to the potential difference across it', ['inversely proportional to the potential difference', 'independent of the potential difference', 'directly proportional to its resistance'], 'V = IR, so I = V/R grows in step with V.'],
  ['electricity', 'medium', 'Resistors of 2 Ω, 3 Ω and 5 Ω are connected in series. The total resistance is', '10 Ω', ['0.97 Ω', '30 Ω', '5 Ω'], 'In series, R = R₁ + R₂ + R₃ = 10 Ω.'],
  ['electricity', 'medium', 'Two 6 Ω resistors are connected in parallel. The equivalent resistance is', '3 Ω', ['12 Ω', '6 Ω', '36 Ω'], '1/R = 1/6 + 1/6 = 1/3.'],
  ['electricity', 'medium', 'If the length of a wire is doubled (same material and thickness), its resistance', 'doubles', ['halves', 'stays the same', 'becomes four times'], 'R = ρL/A, so R ∝ L.'],
  ['electricity', 'hard', 'A bulb draws 0.5 A from a 220 V supply. Its power is', '110 W', ['440 W', '220 W', '0.0023 W'], 'P = VI = 220 × 0.5 = 110 W.'],
  ['electricity', 'hard', 'How much heat does a 2 A current produce in a 5 Ω resistor in 10 s?', '200 J', ['100 J', '20 J', '50 J'], 'H = I²Rt = 4 × 5 × 10 = 200 J.'],
];

/** The bank, with stable ids (`c9-motion-03`). */
export const CBSE_SCIENCE_BANK: readonly BankQuestion[] = (() => {
  const perChapter = new Map<string, number>();
  return ROWS.map(([chapter, difficulty, question, correct, distractors, explanation]) => {
    const meta = CBSE_CHAPTERS[chapter];
    if (!meta) throw new Error(`unknown chapter ${chapter}`);
    const n = (perChapter.get(chapter) ?? 0) + 1;
    perChapter.set(chapter, n);
    return { id: `c${meta.classLevel}-${chapter}-${String(n).padStart(2, '0')}`, classLevel: meta.classLevel, subject: meta.subject, chapter, difficulty, question, correct, distractors, explanation };
  });
})();
