/** Demo shoppers, each placed in a city their name is common in. `city` names an entry of DEMO_PLACES. */
export interface DemoCustomer {
  name: string;
  city: string;
  /** false: the customer left the email field empty at checkout. */
  hasEmail: boolean;
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  { name: 'Priya Sharma', city: 'New Delhi', hasEmail: true },
  { name: 'Rahul Verma', city: 'Lucknow', hasEmail: true },
  { name: 'Ananya Iyer', city: 'Chennai', hasEmail: true },
  { name: 'Arjun Nair', city: 'Kochi', hasEmail: true },
  { name: 'Kavya Reddy', city: 'Hyderabad', hasEmail: true },
  { name: 'Sandeep Kulkarni', city: 'Pune', hasEmail: false },
  { name: 'Meera Menon', city: 'Thiruvananthapuram', hasEmail: true },
  { name: 'Rohan Das', city: 'Kolkata', hasEmail: true },
  { name: 'Sneha Patil', city: 'Mumbai', hasEmail: true },
  { name: 'Vikram Singh Shekhawat', city: 'Jaipur', hasEmail: true },
  { name: 'Aisha Khan', city: 'Bhopal', hasEmail: true },
  { name: 'Farhan Qureshi', city: 'Hyderabad', hasEmail: false },
  { name: 'Lakshmi Narayanan', city: 'Coimbatore', hasEmail: true },
  { name: 'Deepak Joshi', city: 'Dehradun', hasEmail: true },
  { name: 'Pooja Agarwal', city: 'Indore', hasEmail: true },
  { name: 'Siddharth Banerjee', city: 'Kolkata', hasEmail: true },
  { name: 'Neha Gupta', city: 'Gurugram', hasEmail: true },
  { name: 'Harpreet Kaur', city: 'Chandigarh', hasEmail: true },
  { name: 'Gurpreet Singh Sandhu', city: 'Ludhiana', hasEmail: false },
  { name: 'Alok Tiwari', city: 'Varanasi', hasEmail: true },
  { name: 'Swati Mishra', city: 'Patna', hasEmail: true },
  { name: 'Karthik Subramanian', city: 'Bengaluru', hasEmail: true },
  { name: 'Divya Pillai', city: 'Kochi', hasEmail: true },
  { name: 'Bikash Borah', city: 'Guwahati', hasEmail: true },
  { name: 'Daphisha Lyngdoh', city: 'Shillong', hasEmail: true },
  { name: 'Sourav Mohanty', city: 'Bhubaneswar', hasEmail: true },
  { name: 'Subhashree Panda', city: 'Bhubaneswar', hasEmail: false },
  { name: 'Ritu Sinha', city: 'Ranchi', hasEmail: true },
  { name: 'Imran Sheikh', city: 'Mumbai', hasEmail: true },
  { name: 'Zoya Siddiqui', city: 'Lucknow', hasEmail: true },
  { name: 'Tashi Negi', city: 'Shimla', hasEmail: true },
  { name: 'Bhavna Shah', city: 'Ahmedabad', hasEmail: true },
  { name: 'Nikhil Deshmukh', city: 'Nagpur', hasEmail: true },
  { name: 'Tanvi Mehta', city: 'Mumbai', hasEmail: true },
  { name: 'Rakesh Choudhary', city: 'Raipur', hasEmail: false },
  { name: 'Shalini Rao', city: 'Mysuru', hasEmail: true },
  { name: 'Anil Kumar', city: 'Visakhapatnam', hasEmail: true },
  { name: 'Maria Fernandes', city: 'Panaji', hasEmail: true },
  { name: 'Aravind Krishnan', city: 'Madurai', hasEmail: true },
  { name: 'Kavitha Murugan', city: 'Puducherry', hasEmail: true },
  { name: 'Ramesh Yadav', city: 'Patna', hasEmail: false },
  { name: 'Sunita Devi', city: 'Varanasi', hasEmail: false },
];

export const APARTMENTS: readonly string[] = [
  'Sai Krupa Apartments',
  'Green Park Residency',
  'Shanti Niwas',
  'Lotus Heights',
  'Gokul Dham Society',
  'Anand Vihar',
  'Rose Villa',
  'Sunshine Enclave',
  'Sri Venkateshwara Towers',
  'Mahalaxmi CHS',
];

export const LANDMARKS: readonly string[] = [
  'Near Hanuman Mandir',
  'Opp. SBI Branch',
  'Behind Govt. School',
  'Near Bus Stand',
  'Next to Apollo Pharmacy',
];
